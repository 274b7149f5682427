/* On every page (templates/base.html): registers the service worker, or, inside Zalo's or Facebook's
   in-app browser, offers to open the page in the phone's own browser instead. The site works the
   same without either. */
(function () {
  "use strict";
  var script = document.currentScript;
  var agent = navigator.userAgent || "";
  // The in-app browsers of the apps people reach the site from (Zalo groups above all). Their web views
  // cannot install the app and may keep a service worker that nobody can clear: they get none.
  var inApp = /Zalo|FBAN|FBAV|FB_IAB|FBIOS|Instagram|Messenger|Line\/|musical_ly|BytedanceWebview/i.test(agent);

  if (inApp) {
    offerBrowser();
  } else if ("serviceWorker" in navigator && script && script.dataset.sw) {
    // After the page has loaded: on 2G the page's own files come first.
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () {
        // No worker (private mode, an old browser): the site works as it is.
      });
    });
  }

  // Signing out clears this phone's storage (Clear-Site-Data), the weekly quiz's taps not yet sent among
  // them (attempt.js keeps them under "quiz-unsaved:"): say so before they go, and let the member choose.
  // The sign-out form carries the warning (data-sign-out), in the member's language.
  document.addEventListener("submit", function (event) {
    var warning = event.target.getAttribute("data-sign-out");
    if (!warning || !hasUnsavedTaps()) return;
    if (!window.confirm(warning)) event.preventDefault();
  });

  function hasUnsavedTaps() {
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("quiz-unsaved:") === 0 && key.slice(-1) !== "?" && localStorage.getItem(key)) return true;
      }
    } catch (error) {
      // No storage: attempt.js kept its taps in the page, which is gone already.
    }
    return false;
  }

  function dismissed() {
    try {
      return sessionStorage.getItem("inAppBarDismissed") === "1";
    } catch (error) {
      return false;
    }
  }

  function offerBrowser() {
    var template = document.getElementById("in-app-bar");
    if (!template || !template.content || dismissed()) return;
    var bar = template.content.firstElementChild.cloneNode(true);
    // An intent link has no room for the address's own #fragment (a sign-in link's token lives there):
    // with one, the app's menu, which keeps the whole address, is the way.
    if (/Android/i.test(agent) && !location.hash) {
      // Chrome opens the same address; without Chrome, Android stays here (the fallback URL).
      var link = bar.querySelector("[data-open]");
      link.href =
        "intent://" + location.host + location.pathname + location.search +
        "#Intent;scheme=" + location.protocol.replace(":", "") + ";package=com.android.chrome;" +
        "S.browser_fallback_url=" + encodeURIComponent(location.href) + ";end";
      link.hidden = false;
    } else {
      bar.querySelector("[data-hint]").hidden = false;
    }
    bar.querySelector("[data-close]").addEventListener("click", function () {
      bar.remove();
      try {
        sessionStorage.setItem("inAppBarDismissed", "1");
      } catch (error) {
        // Storage refused: it comes back on the next page, nothing worse.
      }
    });
    document.body.insertBefore(bar, document.body.firstChild);
  }
})();

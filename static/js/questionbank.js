// Live member preview beside the question form. The page works without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  var preview = document.querySelector("[data-preview]");
  if (!form || !preview) return;
  var letters = "ABCDEF";
  var tfTexts = ["Đúng", "Sai"];
  var objectUrl = null;

  function rows() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-choice-row]"));
  }

  function choiceTexts(kind) {
    var texts = rows().map(function (row) {
      return row.querySelector("input[type=text]").value.trim();
    });
    if (kind === "true_false" && texts.every(function (t) { return !t; })) return tfTexts.slice();
    return texts.filter(function (t) { return t; });
  }

  function render() {
    var kind = form.elements.kind.value;
    var multiple = kind === "multiple";
    preview.querySelector("[data-preview-text]").textContent = form.elements.text.value;
    preview.querySelector("[data-preview-hint]").textContent =
      multiple ? preview.dataset.hintMultiple : preview.dataset.hintSingle;
    var list = preview.querySelector("[data-preview-choices]");
    list.textContent = "";
    choiceTexts(kind).forEach(function (text, i) {
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "choice";
      var input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = "preview-choice";
      var span = document.createElement("span");
      var b = document.createElement("b");
      b.textContent = letters[i] + ".";
      span.appendChild(b);
      span.appendChild(document.createTextNode(" " + text));
      label.appendChild(input);
      label.appendChild(span);
      li.appendChild(label);
      list.appendChild(li);
    });
    // True/false needs two rows only, and its own hint.
    rows().forEach(function (row, i) {
      row.classList.toggle("is-hidden", kind === "true_false" && i > 1);
    });
    var tfHelp = form.querySelector("[data-tf-help]");
    if (tfHelp) tfHelp.hidden = kind !== "true_false";
  }

  function showImage() {
    var file = form.elements.image && form.elements.image.files[0];
    var img = preview.querySelector("[data-preview-image]");
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    if (file && /^image\//.test(file.type)) {
      objectUrl = URL.createObjectURL(file);
      img.src = objectUrl;
      img.hidden = false;
    }
  }

  form.addEventListener("input", render);
  form.addEventListener("change", function (event) {
    if (event.target.name === "image") showImage();
    if (event.target.name === "remove_image") {
      preview.querySelector("[data-preview-image]").hidden = event.target.checked;
    }
    render();
  });
  render();
})();

// The chosen file's name beside our "Chọn tệp…" button (the browser's own input is hidden).
"use strict";
document.querySelectorAll(".file-pick").forEach((pick) => {
  const input = pick.querySelector("input[type=file]");
  const name = pick.querySelector(".file-pick-name");
  const show = () => {
    name.textContent = input.files.length ? input.files[0].name : name.dataset.none;
  };
  input.addEventListener("change", show);
  show();
});

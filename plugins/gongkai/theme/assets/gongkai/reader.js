/* gongkai reader toolbar: font size, high contrast, wider line spacing, read-aloud.
   Choices are kept in localStorage and applied on every page (see main.html's head). */
(function () {
  "use strict";
  var KEY = "gongkai-reader";
  var root = document.documentElement;
  var bar = document.querySelector("[data-gk-reader]");
  if (!bar) return;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  var state = load();
  var status = bar.querySelector("[data-gk-status]");

  function apply() {
    ["small", "large", "xlarge"].forEach(function (size) {
      root.classList.toggle("gk-size-" + size, state.size === size);
    });
    root.classList.toggle("gk-contrast", !!state.contrast);
    root.classList.toggle("gk-spacing", !!state.spacing);
    bar.querySelectorAll("[data-gk-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String((state.size || "") === button.getAttribute("data-gk-size")));
    });
    bar.querySelectorAll("[data-gk-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(!!state[button.getAttribute("data-gk-toggle")]));
    });
  }

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-gk-size")) {
      state.size = button.getAttribute("data-gk-size");
      status.textContent = "字号：" + button.textContent;
    } else if (button.hasAttribute("data-gk-toggle")) {
      var name = button.getAttribute("data-gk-toggle");
      state[name] = !state[name];
      status.textContent = button.textContent + (state[name] ? "已开启" : "已关闭");
    } else if (button.hasAttribute("data-gk-speak")) {
      speak(button);
      return;
    }
    save(state);
    apply();
  });

  // Read the main content aloud with the browser's own speech synthesis, in zh-CN.
  var speakButton = bar.querySelector("[data-gk-speak]");
  if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    speakButton.hidden = false;
  }
  function speak(button) {
    var synth = window.speechSynthesis;
    if (synth.speaking) {
      synth.cancel();
      button.textContent = "朗读正文";
      button.setAttribute("aria-pressed", "false");
      return;
    }
    var article = document.querySelector(".md-content__inner");
    var utterance = new SpeechSynthesisUtterance(article ? article.innerText : document.title);
    utterance.lang = "zh-CN";
    utterance.onend = function () {
      button.textContent = "朗读正文";
      button.setAttribute("aria-pressed", "false");
    };
    synth.speak(utterance);
    button.textContent = "停止朗读";
    button.setAttribute("aria-pressed", "true");
  }

  apply();
  bar.hidden = false;
})();

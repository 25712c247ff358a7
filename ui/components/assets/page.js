/* Groundwork's only JavaScript */
// ui/components/browser.py puts it on the page (comment lines dropped); tested by
// tests/test_browser_prospect.py. Jobs Streamlit does not do itself:
// 1. After a move to another step, scroll to the top and put focus on the step's heading (or
//    on the question a "go to" link names), so keyboard and screen-reader users keep their place.
// 2. Warn before the tab closes while a text box holds typing not yet sent (Streamlit sends a
//    text box's value when it loses focus); the warning also sends it, by blurring the box.
// 3. Close a date field's calendar once the date is typed (Enter or Tab), so it is not left
//    open over the fields below.
// 4. Keep that unsent typing when a rerun redraws the box empty or with another value (an
//    answer another tab stored, picked up by polling, may reveal a question above the box and
//    so redraw it): the typing is put back, by the widget's key, until the box is left. Text
//    boxes only: a list's search box, a date field or a number's step buttons change a field
//    under the cursor, and must.
(function () {
  const gw = window.groundworkPage || (window.groundworkPage = {dirty: new Set(), done: 0});
  if (!gw.installed) {
    gw.installed = true;
    const typed = (el) => el && (el.tagName === "TEXTAREA" ||
      (el.tagName === "INPUT" && ["text", "number", "search", ""].includes(el.type)));
    gw.typing = new Map();
    const keyOf = (el) => {
      const box = el.closest && el.closest("[class*='st-key-']");
      return box ? [...box.classList].find((c) => c.startsWith("st-key-")) : undefined;
    };
    document.addEventListener("input", (e) => {
      if (!typed(e.target)) return;
      gw.dirty.add(e.target);
      const key = keyOf(e.target);
      if (e.isTrusted && key && e.target.tagName === "TEXTAREA") gw.typing.set(key, e.target.value);
    }, true);
    document.addEventListener("focusout", (e) => {
      gw.dirty.delete(e.target);
      if (document.contains(e.target)) gw.typing.delete(keyOf(e.target));
    }, true);
    setInterval(() => {
      gw.typing.forEach((text, key) => {
        const el = document.querySelector("." + key + " textarea");
        if (!el || el.value === text) return;
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(el, text);
        el.dispatchEvent(new Event("input", {bubbles: true}));
        gw.dirty.add(el);
        if (document.activeElement === document.body) el.focus();
      });
    }, 100);
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.target.tagName === "INPUT")) {
        gw.dirty.delete(e.target);
        gw.typing.delete(keyOf(e.target));
      }
      const date = e.target.closest && e.target.closest("[data-testid='stDateInput']");
      if (date && (e.key === "Enter" || e.key === "Tab") && !e.gwSynthetic) {
        const field = e.target;
        setTimeout(() => {
          const esc = new KeyboardEvent("keydown", {key: "Escape", code: "Escape", keyCode: 27, bubbles: true});
          esc.gwSynthetic = true;
          field.dispatchEvent(esc);
        }, 0);
      }
    }, true);
    window.addEventListener("beforeunload", (e) => {
      const waiting = [...gw.dirty].filter((el) => document.contains(el));
      if (!waiting.length) return undefined;
      waiting.forEach((el) => el.blur());
      e.preventDefault();
      e.returnValue = "";
      return "";
    });
  }
  gw.move = function (count, selector, text) {
    if (count <= gw.done) return;
    gw.done = count;
    const started = Date.now();
    const attempt = () => {
      const found = [...document.querySelectorAll(selector)].find(
        (el) => !text || el.textContent.trim().startsWith(text));
      if (!found) {
        if (Date.now() - started < 4000) setTimeout(attempt, 50);
        return;
      }
      let box = found.parentElement;
      while (box && box !== document.body) {
        const style = getComputedStyle(box);
        if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) {
          if (!text) break;
          box.scrollTop = 0;
        }
        box = box.parentElement;
      }
      window.scrollTo(0, 0);
      const target = text ? found :
        found.querySelector("input, textarea, [role=radio], [role=combobox], button") || found;
      if (!target.hasAttribute("tabindex") && target === found) target.setAttribute("tabindex", "-1");
      target.focus({preventScroll: !!text});
      if (!text) found.scrollIntoView({block: "center"});
    };
    attempt();
  };
})();

// The change list's action bar (Django's admin/js/actions.js, without jQuery): "select all" on the
// page, the selection counter, shift-click to select a range, "Select all N" across pages
// (select_across), and a warning before running an action with unsaved list_editable changes.
/* global document, window, HTMLElement */
'use strict';
(function () {
  function init() {
    const form = document.getElementById('changelist-form');
    if (!form) return;
    const toggle = document.getElementById('action-toggle');
    const boxes = Array.from(form.querySelectorAll('input.action-select'));
    const counters = Array.from(form.querySelectorAll('.action-counter'));
    const acrossInputs = Array.from(form.querySelectorAll('input.select-across'));
    const total = boxes.length;
    let lastChecked = null;
    let listEditableChanged = false;

    function show(selector, visible) {
      form.querySelectorAll(selector).forEach(function (el) { el.classList.toggle('hidden', !visible); });
    }
    function setAcross(value) {
      acrossInputs.forEach(function (input) { input.value = value ? '1' : '0'; });
      show('.actions .all', value);
      show('.actions .clear', value);
      show('.actions .question', !value && total > 0 && boxes.every(function (b) { return b.checked; }));
      counters.forEach(function (c) { c.classList.toggle('hidden', value); });
    }
    function update() {
      const selected = boxes.filter(function (b) { return b.checked; }).length;
      boxes.forEach(function (b) { b.closest('tr').classList.toggle('selected', b.checked); });
      counters.forEach(function (c) {
        c.textContent = c.textContent.replace(/^\d+/, String(selected));
      });
      if (toggle) {
        toggle.checked = selected === total && total > 0;
        toggle.indeterminate = selected > 0 && selected < total;
      }
      setAcross(false);
    }
    function checkRange(from, to, checked) {
      const a = boxes.indexOf(from);
      const b = boxes.indexOf(to);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      for (let i = lo; i <= hi; i++) boxes[i].checked = checked;
    }
    if (toggle) {
      toggle.addEventListener('change', function () {
        boxes.forEach(function (b) { b.checked = toggle.checked; });
        update();
      });
    }
    boxes.forEach(function (box) {
      box.addEventListener('click', function (event) {
        if (event.shiftKey && lastChecked && lastChecked !== box) checkRange(lastChecked, box, box.checked);
        lastChecked = box;
        update();
      });
      // Keyboard: space toggles natively; shift+space extends a range as shift-click does.
      box.addEventListener('keyup', function (event) {
        if (event.key === ' ' && event.shiftKey && lastChecked && lastChecked !== box) {
          checkRange(lastChecked, box, box.checked);
          update();
        }
      });
    });
    form.querySelectorAll('.actions .question a').forEach(function (a) {
      a.addEventListener('click', function (event) { event.preventDefault(); setAcross(true); });
    });
    form.querySelectorAll('.actions .clear a').forEach(function (a) {
      a.addEventListener('click', function (event) {
        event.preventDefault();
        boxes.forEach(function (b) { b.checked = false; });
        if (toggle) toggle.checked = false;
        update();
      });
    });
    form.addEventListener('change', function (event) {
      const target = event.target;
      if (target instanceof HTMLElement && target.closest('td') && !target.classList.contains('action-select')) listEditableChanged = true;
    });
    form.querySelectorAll('button[name="index"]').forEach(function (button) {
      button.addEventListener('click', function (event) {
        const bar = button.closest('.actions');
        const warning = (bar && bar.getAttribute('data-i18n-unsaved-changes')) || 'You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.';
        if (listEditableChanged && !window.confirm(warning)) {
          event.preventDefault();
        }
      });
    });
    // Sync the action selects of the top and bottom bars, so the one used is the one sent.
    const selects = Array.from(form.querySelectorAll('.actions select[name="action"]'));
    selects.forEach(function (s) {
      s.addEventListener('change', function () { selects.forEach(function (o) { o.value = s.value; }); });
    });
    update();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

// Tango admin: the bootstrap every admin page loads FIRST (before the widget scripts, all `defer`).
//
// Widget scripts register an initializer with `TangoAdmin.register(name, init)`; `init(root)` is
// called once on the document when the page is ready, and again on every row that inlines.js adds
// (the `formset:added` event, as Django's), so a cloned inline row gets working widgets. Each
// initializer marks what it enhanced (`TangoAdmin.claim(el, name)`) so nothing is enhanced twice.
/* global window, document, Element */
'use strict'
;(() => {
  if (window.TangoAdmin) return
  const initializers = new Map()
  const claimed = new WeakMap()
  let started = false

  const run = (root) => {
    for (const [name, init] of initializers) {
      try {
        init(root)
      } catch (error) {
        console.error(`TangoAdmin: ${name} failed`, error)
      }
    }
  }

  window.TangoAdmin = {
    /** Adds an initializer; runs it at once when the page is already set up. */
    register(name, init) {
      initializers.set(name, init)
      if (started) {
        try {
          init(document)
        } catch (error) {
          console.error(`TangoAdmin: ${name} failed`, error)
        }
      }
    },
    /** True the first time `name` claims `element`, false afterwards. */
    claim(element, name) {
      let names = claimed.get(element)
      if (!names) claimed.set(element, (names = new Set()))
      if (names.has(name)) return false
      names.add(name)
      return true
    },
    /** Runs every initializer on `root` (a document or an element). */
    init: run,
    /** Matching elements inside `root`, `root` itself included. */
    findAll(root, selector) {
      const found = [...root.querySelectorAll(selector)]
      if (root instanceof Element && root.matches(selector)) found.unshift(root)
      return found
    },
    /** Puts `text` in the page's polite live region (made on first use), for screen readers. */
    announce(text) {
      let region = document.getElementById('admin-live-region')
      if (!region) {
        region = document.createElement('div')
        region.id = 'admin-live-region'
        region.className = 'visually-hidden'
        region.setAttribute('role', 'status')
        region.setAttribute('aria-live', 'polite')
        document.body.append(region)
      }
      region.textContent = ''
      // A new text node after clearing makes screen readers read repeated messages again.
      setTimeout(() => { region.textContent = text }, 30)
    },
  }

  const start = () => {
    if (started) return
    started = true
    run(document)
  }
  document.addEventListener('formset:added', (event) => {
    if (event.target instanceof Element) run(event.target)
  })
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true })
  else setTimeout(start, 0)
})()

// Tango admin: related-object popups (Django's admin/RelatedObjectLookups.js, without jQuery).
//
// Markup (RelatedFieldWidgetWrapper, ForeignKeyRawIdWidget, the change list in a popup):
//   <div class="related-widget-wrapper" data-model-ref="author">
//     <select name="author" id="id_author" data-context="available-source">…</select>
//     <a class="related-widget-wrapper-link change-related" id="change_id_author" data-popup="yes"
//        data-href-template="/admin/library/author/__fk__/change/?_to_field=id&_popup=1">…</a>
//     <a class="related-widget-wrapper-link add-related" id="add_id_author" data-popup="yes"
//        href="/admin/library/author/add/?_to_field=id&_popup=1">…</a>
//     (delete-related with data-popup, view-related without: it opens in this window)
//   </div>
//   <a class="related-lookup" id="lookup_id_author" href="/admin/library/author/?_to_field=id">  (raw id)
//   <a href="…/3/change/" data-popup-opener="3">  (each row's link of a change list opened as a popup)
// A link opens its page in a window named after the widget's id plus "__<depth>" (a popup can open
// its own popups). The page the popup gets after a save or a deletion (popup-response.js) calls
// this window's dismiss*RelatedObjectPopup(popup, …), which updates the widget and closes the popup.
// The change, delete and view links follow the selected value (`__fk__` in data-href-template).
/* global window, document, Option, Event, CustomEvent, URLSearchParams, CSS, Element, HTMLSelectElement */
'use strict'
;(() => {
  if (window.dismissAddRelatedObjectPopup) return
  let popupIndex = 0
  const relatedWindows = []

  /** This window's depth: 0 for a normal page, n inside the n-th nested popup (its name ends in "__n"). */
  const setPopupIndex = () => {
    const inPopup = document.getElementsByName('_popup').length > 0 || new URLSearchParams(window.location.search).has('_popup')
    const index = window.name.lastIndexOf('__')
    popupIndex = inPopup && index >= 0 ? Number.parseInt(window.name.slice(index + 2), 10) || 0 : 0
  }
  const addPopupIndex = (name) => `${name}__${popupIndex + 1}`
  const removePopupIndex = (name) => name.replace(new RegExp(`__${popupIndex + 1}$`), '')

  const forget = (win) => {
    const index = relatedWindows.indexOf(win)
    if (index > -1) relatedWindows.splice(index, 1)
  }
  const finish = (win) => {
    forget(win)
    win.close()
  }

  /** Closes every popup this window opened (and theirs), as Django does when the page goes away. */
  const dismissChildPopups = () => {
    for (const win of relatedWindows) {
      if (win.closed) continue
      try {
        if (typeof win.dismissChildPopups === 'function') win.dismissChildPopups()
      } catch {
        // A popup that navigated to another origin: close it all the same.
      }
      win.close()
    }
    relatedWindows.length = 0
  }

  const showAdminPopup = (link, namePattern, addPopup) => {
    const name = addPopupIndex(link.id.replace(namePattern, ''))
    const href = new URL(link.href, window.location.href)
    if (addPopup) href.searchParams.set('_popup', '1')
    const win = window.open(href.toString(), name, 'popup,height=768,width=1024,resizable=yes,scrollbars=yes')
    if (!win) return false
    relatedWindows.push(win)
    win.focus()
    return true
  }

  /** The lookup (magnifier) of a raw-id input: the related change list, as a popup. */
  const showRelatedObjectLookupPopup = (link) => showAdminPopup(link, /^lookup_/, true)

  /** The add, change or delete page of a related object, as a popup (the link's URL has `_popup=1`). */
  const showRelatedObjectPopup = (link) => showAdminPopup(link, /^(change|add|delete)_/, false)

  const changed = (element) => element.dispatchEvent(new Event('change', { bubbles: true }))

  /** A row chosen in a lookup popup: its key goes into the raw-id input (appended to a many-to-many list). */
  const dismissRelatedLookupPopup = (win, chosenId) => {
    const elem = document.getElementById(removePopupIndex(win.name))
    if (elem) {
      if (elem.classList.contains('vManyToManyRawIdAdminField') && elem.value) elem.value += `,${chosenId}`
      else elem.value = chosenId
      changed(elem)
    }
    finish(win)
  }

  /** Points the change/delete/view links next to `select` at its selected value, or disables them. */
  const updateRelatedObjectLinks = (select) => {
    const wrapper = select.closest('.related-widget-wrapper')
    if (!wrapper) return
    const value = select.value
    for (const link of wrapper.querySelectorAll(':scope > .view-related, :scope > .change-related, :scope > .delete-related')) {
      const template = link.getAttribute('data-href-template')
      if (value && template) {
        link.setAttribute('href', template.replace('__fk__', encodeURIComponent(value)))
        link.removeAttribute('aria-disabled')
      } else {
        link.removeAttribute('href')
        link.setAttribute('aria-disabled', 'true')
      }
    }
  }

  /** The model of the widget `element` belongs to (`data-model-ref` of its wrapper). */
  const modelRefOf = (element) => element?.closest('[data-model-ref]')?.getAttribute('data-model-ref') ?? null

  /**
   * After an addition or a change through one widget, the other selects of the same model on the
   * page get the new option or the new text (Django's updateRelatedSelectsOptions). A two-box
   * chooser gets it in its "available" box.
   */
  const updateRelatedSelectsOptions = (currentSelect, objId, newRepr, newId) => {
    const modelRef = modelRefOf(currentSelect)
    if (!modelRef) return
    const selects = document.querySelectorAll(`[data-model-ref="${CSS.escape(modelRef)}"] [data-context="available-source"]`)
    for (const select of selects) {
      if (select === currentSelect) continue
      const boxes = [select, document.getElementById(`${select.id}_from`)].filter(Boolean)
      const existing = boxes.flatMap((box) => [...box.options]).filter((o) => objId !== null && o.value === objId)
      if (existing.length) {
        for (const option of existing) {
          option.textContent = newRepr
          option.value = newId
        }
      } else {
        boxes[boxes.length - 1].options.add(new Option(newRepr, newId))
      }
    }
  }

  /** A popup saved a new object: select it in the widget the "+" belonged to (or set the raw-id input). */
  const dismissAddRelatedObjectPopup = (win, newId, newRepr) => {
    const elem = document.getElementById(removePopupIndex(win.name))
    if (elem) {
      if (elem.nodeName === 'SELECT') {
        // A two-box chooser's select is its "chosen" box: the new object is chosen, not highlighted.
        const chooser = document.getElementById(`${elem.id}_from`) !== null
        elem.options.add(new Option(newRepr, newId, !chooser, !chooser))
        updateRelatedSelectsOptions(elem, null, newRepr, newId)
      } else if (elem.nodeName === 'INPUT') {
        if (elem.classList.contains('vManyToManyRawIdAdminField') && elem.value) elem.value += `,${newId}`
        else elem.value = newId
      }
      changed(elem)
    }
    finish(win)
  }

  /** A popup changed an object: its options get the new text (and key). */
  const dismissChangeRelatedObjectPopup = (win, objId, newRepr, newId) => {
    const id = removePopupIndex(win.name.replace(/^edit_/, ''))
    const selects = [id, `${id}_from`, `${id}_to`].map((x) => document.getElementById(x)).filter((s) => s instanceof HTMLSelectElement)
    for (const select of selects) {
      for (const option of select.options) {
        if (option.value !== objId) continue
        option.textContent = newRepr
        option.value = newId
      }
    }
    for (const select of selects) changed(select)
    if (selects[0]) updateRelatedSelectsOptions(selects[0], objId, newRepr, newId)
    finish(win)
  }

  /** A popup deleted an object: its options go. */
  const dismissDeleteRelatedObjectPopup = (win, objId) => {
    const id = removePopupIndex(win.name.replace(/^delete_/, ''))
    const selects = [id, `${id}_from`, `${id}_to`].map((x) => document.getElementById(x)).filter((s) => s instanceof HTMLSelectElement)
    for (const select of selects) {
      for (const option of [...select.options]) if (option.value === objId) option.remove()
    }
    for (const select of selects) changed(select)
    finish(win)
  }

  Object.assign(window, {
    showRelatedObjectLookupPopup, dismissRelatedLookupPopup, showRelatedObjectPopup, updateRelatedObjectLinks,
    dismissAddRelatedObjectPopup, dismissChangeRelatedObjectPopup, dismissDeleteRelatedObjectPopup, dismissChildPopups,
  })
  window.addEventListener('pagehide', dismissChildPopups)

  /** A plain left click (modified clicks keep the browser's own behaviour: a new tab, a download). */
  const plainClick = (event) => event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey

  const start = () => {
    setPopupIndex()
    document.addEventListener('click', (event) => {
      if (!(event.target instanceof Element) || !plainClick(event)) return
      const chosen = event.target.closest('a[data-popup-opener]')
      if (chosen) {
        const opener = window.opener
        if (!opener || opener.closed || typeof opener.dismissRelatedLookupPopup !== 'function') return
        event.preventDefault()
        opener.dismissRelatedLookupPopup(window, chosen.getAttribute('data-popup-opener'))
        return
      }
      const related = event.target.closest('.related-widget-wrapper-link[data-popup="yes"]')
      if (related) {
        event.preventDefault()
        if (!related.hasAttribute('href')) return
        // Django's django:show-related event: a listener may cancel it and open the page itself.
        const show = new CustomEvent('django:show-related', { bubbles: true, cancelable: true, detail: { href: related.href } })
        if (related.dispatchEvent(show)) showRelatedObjectPopup(related)
        return
      }
      const lookup = event.target.closest('a.related-lookup')
      if (lookup) {
        const show = new CustomEvent('django:lookup-related', { bubbles: true, cancelable: true })
        if (!lookup.dispatchEvent(show)) return
        if (showRelatedObjectLookupPopup(lookup)) event.preventDefault()
      }
    })
    document.addEventListener('change', (event) => {
      const select = event.target
      if (!(select instanceof HTMLSelectElement) || !select.closest('.related-widget-wrapper')) return
      const update = new CustomEvent('django:update-related', { bubbles: true, cancelable: true })
      if (select.dispatchEvent(update)) updateRelatedObjectLinks(select)
    })
    for (const select of document.querySelectorAll('.related-widget-wrapper select')) updateRelatedObjectLinks(select)
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true })
  else start()
})()

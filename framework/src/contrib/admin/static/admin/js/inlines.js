// Tango admin: "Add another …" and "Remove" for inline formsets (Django's inlines.js), for
// tabular and stacked inlines.
//
// Markup the change form renders for each inline formset (prefix "reviews" here):
//   <div class="inline-group" id="reviews-group" data-inline-formset="reviews"
//        data-inline-type="tabular|stacked" data-add-text="Add another Review" data-delete-text="Remove">
//     <input type="hidden" name="reviews-TOTAL_FORMS" value="3"> (and INITIAL_FORMS, MIN_NUM_FORMS,
//       MAX_NUM_FORMS: the management form, anywhere inside the group)
//     <tbody data-inline-rows> or <div data-inline-rows>     (the container of the rows)
//       <tr|div class="form-row|inline-related" data-inline-row> … </tr|div>   one per form, in order
//     </…>
//     <template data-inline-prefix="reviews">
//       <tr|div data-inline-row> the formset's emptyForm: ids and names contain "reviews-__prefix__-",
//         optionally one element with data-inline-delete (where the Remove button goes) and one with
//         data-inline-label (a stacked inline's "#n" heading) </tr|div>
//     </template>
//   </div>
// Rows at positions >= INITIAL_FORMS are unsaved: each gets a Remove button. "Add another" clones
// the template, replaces __prefix__ by the next index, appends it, raises TOTAL_FORMS and dispatches
// `formset:added` (bubbling, detail {formsetName}) on the row, so core.js sets up its widgets.
// Remove takes the row out, lowers TOTAL_FORMS, renumbers the unsaved rows after it and dispatches
// `formset:removed` on the group. The add button hides at MAX_NUM_FORMS; Remove buttons hide at
// MIN_NUM_FORMS.
/* global window, document, CSS, CustomEvent */
'use strict'
;(() => {
  const RENUMBERED = ['id', 'name', 'for', 'aria-describedby', 'aria-labelledby', 'aria-controls', 'data-prepopulated-from', 'list']

  const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

  /** Rewrites `<prefix>-<n or __prefix__>` to `<prefix>-<index>` in the attributes of `root` and its descendants. */
  const renumber = (root, prefix, index) => {
    const pattern = new RegExp(`(${escapeRegExp(prefix)}-(\\d+|__prefix__))(?=-|$|\\s)`, 'g')
    const replacement = `${prefix}-${index}`
    for (const el of [root, ...root.querySelectorAll('*')]) {
      for (const attr of RENUMBERED) {
        const value = el.getAttribute(attr)
        if (value !== null && value.includes(`${prefix}-`)) el.setAttribute(attr, value.replace(pattern, replacement))
      }
    }
    const label = root.querySelector('[data-inline-label]')
    if (label) label.textContent = `#${index + 1}`
  }

  const setUp = (template) => {
    const prefix = template.getAttribute('data-inline-prefix')
    const group = template.closest('[data-inline-formset]') || template.parentElement
    const management = (name) => group.querySelector(`input[name="${CSS.escape(`${prefix}-${name}`)}"]`)
    const total = management('TOTAL_FORMS')
    if (!total) return
    const initial = Number(management('INITIAL_FORMS')?.value || 0)
    const minNum = Number(management('MIN_NUM_FORMS')?.value || 0)
    const maxNumRaw = management('MAX_NUM_FORMS')?.value
    const maxNum = maxNumRaw === undefined || maxNumRaw === '' ? Infinity : Number(maxNumRaw)
    const container = group.querySelector('[data-inline-rows]') || template.parentElement
    const rows = () => [...container.querySelectorAll(':scope > [data-inline-row]')]
    const addText = group.getAttribute('data-add-text') || 'Add another'
    const deleteText = group.getAttribute('data-delete-text') || 'Remove'

    const addWrapper = document.createElement('div')
    addWrapper.className = 'add-row'
    const addButton = document.createElement('button')
    addButton.type = 'button'
    addButton.className = 'add-row-button'
    addButton.textContent = addText
    addWrapper.append(addButton)
    const anchor = container.tagName === 'TBODY' ? container.closest('table') || container : container
    anchor.after(addWrapper)

    const update = () => {
      const count = rows().length
      total.value = String(count)
      addWrapper.hidden = count >= maxNum
      for (const button of container.querySelectorAll('.inline-deletelink')) button.hidden = count <= minNum
    }

    const addDeleteButton = (row) => {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'inline-deletelink'
      button.textContent = deleteText
      const place = row.querySelector('[data-inline-delete]') || (row.tagName === 'TR' ? row.lastElementChild : row) || row
      place.append(button)
      button.addEventListener('click', () => {
        const all = rows()
        const index = all.indexOf(row)
        row.remove()
        all.slice(index + 1).forEach((after, i) => renumber(after, prefix, index + i))
        update()
        group.dispatchEvent(new CustomEvent('formset:removed', { bubbles: true, detail: { formsetName: prefix } }))
        window.TangoAdmin.announce(`${deleteText}: #${index + 1}`)
        ;(addWrapper.hidden ? group : addButton).focus?.()
      })
    }

    rows().forEach((row, i) => {
      if (i >= initial) addDeleteButton(row)
    })

    addButton.addEventListener('click', () => {
      const index = rows().length
      if (index >= maxNum) return
      const fragment = template.content.cloneNode(true)
      const row = fragment.querySelector('[data-inline-row]') || fragment.firstElementChild
      if (!row) return
      renumber(row, prefix, index)
      row.classList.add('dynamic-row')
      container.append(row)
      addDeleteButton(row)
      update()
      row.dispatchEvent(new CustomEvent('formset:added', { bubbles: true, detail: { formsetName: prefix } }))
      const first = row.querySelector('input:not([type="hidden"]), select, textarea')
      first?.focus()
    })
    update()
  }

  const init = (root) => {
    for (const template of window.TangoAdmin.findAll(root, 'template[data-inline-prefix]')) {
      if (window.TangoAdmin.claim(template, 'inlines')) setUp(template)
    }
  }
  window.TangoAdmin.register('inlines', init)
})()

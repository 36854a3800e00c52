// Tango admin: search-as-you-type selects (the admin's replacement for Django's select2-based
// autocomplete.js), following the ARIA 1.2 combobox pattern with a listbox popup.
//
// Markup (AutocompleteSelect / AutocompleteSelectMultiple):
//   <select name="author" id="id_author" class="admin-autocomplete" [multiple]
//           data-autocomplete-url="/admin/autocomplete/" data-app-label="library"
//           data-model-name="book" data-field-name="author" data-allow-clear="true"
//           data-i18n-searching="Searching…" data-i18n-no-results="No results found" ...>
//     <option value="3" selected>Ada Lovelace</option>   (only the selected options)
//   </select>
// The select stays in the page (hidden) and is what the form submits. Next to it:
//   [multiple: <ul class="autocomplete-chips"> one <li> per chosen item with a Remove button]
//   <input role="combobox" aria-autocomplete="list" aria-expanded aria-controls=<listbox>
//          aria-activedescendant=<active option>>
//   <ul role="listbox"> <li role="option" aria-selected> ... </ul>
//   <div role="status" aria-live="polite"> "Searching…" / "No results found" </div>
// Fetches GET <url>?term=&page=&app_label=&model_name=&field_name= (250 ms after the last key),
// which answers {"results": [{"id", "text"}], "pagination": {"more"}}; the next page loads when the
// highlight moves past the last option or the list is scrolled to its end.
/* global window, document, CSS, Event, Option, AbortController, fetch */
'use strict'
;(() => {
  const DELAY = 250
  let counter = 0

  const enhance = (select) => {
    const multiple = select.multiple
    const t = (key, fallback) => select.getAttribute(`data-i18n-${key}`) || fallback
    const base = select.id || `autocomplete-${++counter}`
    if (!select.id) select.id = base

    const wrapper = document.createElement('div')
    wrapper.className = `admin-autocomplete-widget${multiple ? ' multiple' : ''}`
    const chips = document.createElement('ul')
    chips.className = 'autocomplete-chips'
    const input = document.createElement('input')
    input.type = 'text'
    input.id = `${base}_input`
    input.className = 'autocomplete-input'
    input.autocomplete = 'off'
    input.spellcheck = false
    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', `${base}_listbox`)
    const listbox = document.createElement('ul')
    listbox.id = `${base}_listbox`
    listbox.className = 'autocomplete-results'
    listbox.setAttribute('role', 'listbox')
    listbox.hidden = true
    const status = document.createElement('div')
    status.className = 'autocomplete-status visually-hidden'
    status.setAttribute('role', 'status')
    status.setAttribute('aria-live', 'polite')
    const clear = document.createElement('button')
    clear.type = 'button'
    clear.className = 'autocomplete-clear'
    clear.textContent = '×'
    clear.setAttribute('aria-label', t('clear', 'Clear'))

    // Accessible name and state move from the select to the input.
    for (const label of document.querySelectorAll(`label[for="${CSS.escape(select.id)}"]`)) {
      label.htmlFor = input.id
      if (!label.id) label.id = `${base}_label`
      listbox.setAttribute('aria-labelledby', label.id)
    }
    for (const attr of ['aria-describedby', 'aria-invalid', 'aria-label', 'aria-labelledby']) {
      const value = select.getAttribute(attr)
      if (value !== null) input.setAttribute(attr, value)
    }
    if (select.required) {
      input.setAttribute('aria-required', 'true')
      // A hidden required select would block submission without showing why; the server validates.
      select.required = false
    }
    if (select.disabled) input.disabled = true
    select.hidden = true
    select.setAttribute('aria-hidden', 'true')
    select.tabIndex = -1
    select.parentNode.insertBefore(wrapper, select)
    if (multiple) wrapper.append(chips)
    wrapper.append(input)
    if (!multiple && select.getAttribute('data-allow-clear') === 'true') wrapper.append(clear)
    wrapper.append(listbox, status, select)

    const state = { term: null, page: 1, more: false, results: [], active: -1, timer: 0, controller: null, seq: 0, loading: false }

    const selectedOption = () => [...select.options].find((o) => o.selected && o.value !== '')
    const announce = (message) => { status.textContent = message }

    const renderChips = () => {
      chips.replaceChildren()
      for (const option of [...select.options].filter((o) => o.selected && o.value !== '')) {
        const li = document.createElement('li')
        li.className = 'autocomplete-chip'
        const label = document.createElement('span')
        label.textContent = option.text
        const remove = document.createElement('button')
        remove.type = 'button'
        remove.className = 'autocomplete-chip-remove'
        remove.textContent = '×'
        remove.setAttribute('aria-label', `${t('remove', 'Remove')} ${option.text}`)
        remove.addEventListener('click', () => {
          option.remove()
          renderChips()
          select.dispatchEvent(new Event('change', { bubbles: true }))
          input.focus()
        })
        li.append(label, remove)
        chips.append(li)
      }
    }

    const showSelection = () => {
      if (multiple) {
        renderChips()
        input.value = ''
      } else {
        const option = selectedOption()
        input.value = option ? option.text : ''
        clear.hidden = !option
      }
    }

    const open = () => {
      listbox.hidden = false
      input.setAttribute('aria-expanded', 'true')
    }
    const close = () => {
      listbox.hidden = true
      input.setAttribute('aria-expanded', 'false')
      input.removeAttribute('aria-activedescendant')
      state.active = -1
    }

    const setActive = (index) => {
      const items = [...listbox.querySelectorAll('[role="option"]')]
      state.active = index
      items.forEach((item, i) => {
        const on = i === index
        item.classList.toggle('active', on)
        item.setAttribute('aria-selected', on ? 'true' : 'false')
      })
      const item = items[index]
      if (item) {
        input.setAttribute('aria-activedescendant', item.id)
        item.scrollIntoView({ block: 'nearest' })
      } else input.removeAttribute('aria-activedescendant')
    }

    const renderResults = () => {
      listbox.replaceChildren()
      const chosen = new Set([...select.options].filter((o) => o.selected).map((o) => o.value))
      state.results.forEach((result, i) => {
        const li = document.createElement('li')
        li.id = `${base}_option_${i}`
        li.setAttribute('role', 'option')
        li.setAttribute('aria-selected', 'false')
        li.className = chosen.has(result.id) ? 'autocomplete-option chosen' : 'autocomplete-option'
        li.textContent = result.text
        li.dataset.value = result.id
        // Keep the focus in the input when an option is clicked.
        li.addEventListener('mousedown', (event) => event.preventDefault())
        li.addEventListener('click', () => choose(i))
        listbox.append(li)
      })
      if (!state.results.length) {
        const li = document.createElement('li')
        li.className = 'autocomplete-message'
        li.textContent = t('no-results', 'No results found')
        listbox.append(li)
      } else if (state.more) {
        const li = document.createElement('li')
        li.className = 'autocomplete-message autocomplete-more'
        li.textContent = t('more', 'Loading more results…')
        listbox.append(li)
      }
    }

    const fetchPage = async (term, page) => {
      state.controller?.abort()
      const controller = new AbortController()
      state.controller = controller
      const seq = ++state.seq
      state.loading = true
      const url = new URL(select.getAttribute('data-autocomplete-url'), window.location.href)
      url.searchParams.set('term', term)
      url.searchParams.set('page', String(page))
      url.searchParams.set('app_label', select.getAttribute('data-app-label') || '')
      url.searchParams.set('model_name', select.getAttribute('data-model-name') || '')
      url.searchParams.set('field_name', select.getAttribute('data-field-name') || '')
      if (page === 1) announce(t('searching', 'Searching…'))
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const data = await response.json()
        if (seq !== state.seq) return
        const results = (data.results || []).map((r) => ({ id: String(r.id), text: String(r.text) }))
        state.term = term
        state.page = page
        state.more = Boolean(data.pagination && data.pagination.more)
        state.results = page === 1 ? results : state.results.concat(results)
        const keep = state.active
        renderResults()
        open()
        if (page > 1 && keep >= 0) setActive(Math.min(keep + 1, state.results.length - 1))
        if (!state.results.length) announce(t('no-results', 'No results found'))
        else if (page === 1) announce('')
      } catch (error) {
        if (error.name === 'AbortError' || seq !== state.seq) return
        announce(t('error', 'The results could not be loaded.'))
        state.results = []
        listbox.replaceChildren()
        const li = document.createElement('li')
        li.className = 'autocomplete-message error'
        li.textContent = t('error', 'The results could not be loaded.')
        listbox.append(li)
        open()
      } finally {
        if (seq === state.seq) state.loading = false
      }
    }

    const search = (immediate) => {
      clearTimeout(state.timer)
      const term = input.value.trim()
      if (immediate) fetchPage(term, 1)
      else state.timer = setTimeout(() => fetchPage(term, 1), DELAY)
    }

    const loadMore = () => {
      if (state.more && !state.loading && state.term !== null) fetchPage(state.term, state.page + 1)
    }

    const choose = (index) => {
      const result = state.results[index]
      if (!result) return
      if (multiple) {
        let option = [...select.options].find((o) => o.value === result.id)
        if (!option) {
          option = new Option(result.text, result.id, true, true)
          select.append(option)
        }
        option.selected = true
      } else {
        select.replaceChildren(new Option('', '', false, false), new Option(result.text, result.id, true, true))
      }
      close()
      showSelection()
      state.term = null
      select.dispatchEvent(new Event('change', { bubbles: true }))
    }

    input.addEventListener('input', () => {
      if (!multiple) clear.hidden = input.value === ''
      search(false)
    })
    input.addEventListener('keydown', (event) => {
      const count = state.results.length
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault()
          if (listbox.hidden || state.term === null) {
            if (event.altKey || state.term === null || state.term !== input.value.trim()) search(true)
            else open()
            return
          }
          if (state.active + 1 >= count) loadMore()
          else setActive(state.active + 1)
          break
        case 'ArrowUp':
          event.preventDefault()
          if (listbox.hidden) {
            if (state.term === null) search(true)
            else { open(); setActive(count - 1) }
            return
          }
          setActive(state.active <= 0 ? count - 1 : state.active - 1)
          break
        case 'Enter':
          if (!listbox.hidden) {
            // Never submit the form while choosing.
            event.preventDefault()
            if (state.active >= 0) choose(state.active)
          }
          break
        case 'Escape':
          if (!listbox.hidden) {
            event.preventDefault()
            close()
          } else if (!multiple) {
            showSelection()
          }
          break
        case 'Backspace':
          if (multiple && input.value === '') {
            const last = [...select.options].filter((o) => o.selected && o.value !== '').pop()
            if (last) {
              last.remove()
              renderChips()
              select.dispatchEvent(new Event('change', { bubbles: true }))
            }
          }
          break
        case 'Tab':
          close()
          break
        default:
      }
    })
    input.addEventListener('blur', () => {
      close()
      clearTimeout(state.timer)
      if (multiple) {
        input.value = ''
        return
      }
      // An emptied input clears an optional select; anything else typed and not chosen is dropped.
      if (input.value === '' && select.getAttribute('data-allow-clear') === 'true' && selectedOption()) {
        select.replaceChildren(new Option('', '', true, true))
        select.dispatchEvent(new Event('change', { bubbles: true }))
      }
      showSelection()
    })
    listbox.addEventListener('scroll', () => {
      if (listbox.scrollTop + listbox.clientHeight >= listbox.scrollHeight - 4) loadMore()
    })
    clear.addEventListener('click', () => {
      select.replaceChildren(new Option('', '', true, true))
      select.dispatchEvent(new Event('change', { bubbles: true }))
      showSelection()
      input.focus()
    })
    // Options added or renamed from outside (a related-object popup) show in the input or chips.
    select.addEventListener('change', showSelection)
    showSelection()
  }

  const init = (root) => {
    for (const select of window.TangoAdmin.findAll(root, 'select.admin-autocomplete[data-autocomplete-url]')) {
      if (select.name.includes('__prefix__') || !window.TangoAdmin.claim(select, 'autocomplete')) continue
      enhance(select)
    }
  }
  window.TangoAdmin.register('autocomplete', init)
})()

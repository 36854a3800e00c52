// Tango admin: the two-box chooser for many-to-many fields (Django's SelectFilter2.js).
//
// Markup (FilteredSelectMultiple): <select multiple name="genres" id="id_genres" class="selectfilter"
//   data-field-name="genres" data-is-stacked="0" data-i18n-available="Available genres" ...>
// becomes
//   <div class="selector [stacked]">
//     <div class="selector-available"> <h2 id=…>Available genres</h2> filter input,
//       <select multiple id="id_genres_from"> (the unchosen options), "Choose all" button </div>
//     <div class="selector-chooser"> "Choose" and "Remove" buttons </div>
//     <div class="selector-chosen"> <h2>Chosen genres</h2> the original select (id_genres, renamed
//       nothing: it keeps its name, so it is what the form submits), "Remove all" button </div>
//   </div>
// Keyboard: type in the filter to narrow the list; Up/Down in the filter move the highlight in the
// available list; Enter (in the filter or a list) or ArrowRight/ArrowLeft (in a list) moves the
// highlighted options. Every option of the chosen list is selected when the form is submitted.
/* global window, document, CSS, Event */
'use strict'
;(() => {
  const text = (select, key, fallback) => select.getAttribute(`data-i18n-${key}`) || fallback

  const button = (label, className) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = className
    b.textContent = label
    return b
  }

  const heading = (label, id) => {
    const h = document.createElement('h2')
    h.id = id
    h.textContent = label
    return h
  }

  const init = (root) => {
    for (const to of window.TangoAdmin.findAll(root, 'select.selectfilter, select.selectfilterstacked')) {
      if (to.id.includes('__prefix__') || !window.TangoAdmin.claim(to, 'filter-horizontal')) continue
      const id = to.id || `selectfilter-${Math.random().toString(36).slice(2)}`
      to.id = id
      const stacked = to.getAttribute('data-is-stacked') === '1'

      const wrapper = document.createElement('div')
      wrapper.className = stacked ? 'selector stacked' : 'selector'
      to.parentNode.insertBefore(wrapper, to)

      // Available box
      const available = document.createElement('div')
      available.className = 'selector-available'
      const availableTitle = heading(text(to, 'available', 'Available'), `${id}_available_title`)
      const filterP = document.createElement('p')
      filterP.className = 'selector-filter'
      const filterLabel = document.createElement('label')
      filterLabel.htmlFor = `${id}_input`
      filterLabel.textContent = text(to, 'filter', 'Filter')
      const filter = document.createElement('input')
      filter.type = 'search'
      filter.id = `${id}_input`
      filter.autocomplete = 'off'
      filter.placeholder = text(to, 'filter', 'Filter')
      filter.setAttribute('aria-controls', `${id}_from`)
      const filterHelp = document.createElement('span')
      filterHelp.className = 'help-tooltip visually-hidden'
      filterHelp.id = `${id}_filter_help`
      filterHelp.textContent = text(to, 'filter-help', '')
      filter.setAttribute('aria-describedby', filterHelp.id)
      filterP.append(filterLabel, filter, filterHelp)
      const from = document.createElement('select')
      from.multiple = true
      from.id = `${id}_from`
      from.className = 'filtered'
      from.size = Math.max(to.size || 0, 10)
      from.setAttribute('aria-labelledby', availableTitle.id)
      const chooseAll = button(text(to, 'choose-all', 'Choose all'), 'selector-chooseall')
      available.append(availableTitle, filterP, from, chooseAll)

      // Buttons between the boxes
      const chooser = document.createElement('div')
      chooser.className = 'selector-chooser'
      const add = button(text(to, 'choose', 'Choose'), 'selector-add')
      const remove = button(text(to, 'remove', 'Remove'), 'selector-remove')
      add.setAttribute('aria-controls', `${id}_from ${id}`)
      remove.setAttribute('aria-controls', `${id}_from ${id}`)
      chooser.append(add, remove)

      // Chosen box: the original select
      const chosen = document.createElement('div')
      chosen.className = 'selector-chosen'
      const chosenTitle = heading(text(to, 'chosen', 'Chosen'), `${id}_chosen_title`)
      const removeAll = button(text(to, 'remove-all', 'Remove all'), 'selector-clearall')
      chosen.append(chosenTitle)
      chosen.append(to)
      chosen.append(removeAll)
      to.classList.add('filtered')
      to.size = from.size
      const previouslyLabelled = to.getAttribute('aria-labelledby')
      to.setAttribute('aria-labelledby', previouslyLabelled ? `${previouslyLabelled} ${chosenTitle.id}` : chosenTitle.id)
      wrapper.append(available, chooser, chosen)

      // A label pointing at the original select now names the filter box, where typing starts.
      for (const label of document.querySelectorAll(`label[for="${CSS.escape(id)}"]`)) label.htmlFor = filter.id

      // Split the options: unselected ones go to the available box, all of them stay in `cache`.
      for (const option of [...to.options]) {
        if (!option.selected) from.append(option)
      }
      for (const option of to.options) option.selected = false

      const applyFilter = () => {
        const tokens = filter.value.toLowerCase().split(/\s+/).filter(Boolean)
        for (const option of from.options) {
          const label = option.text.toLowerCase()
          const match = tokens.every((t) => label.includes(t))
          option.hidden = !match
          if (!match) option.selected = false
        }
      }

      const sortOptions = (select) => {
        const options = [...select.options].sort((a, b) => a.text.localeCompare(b.text, undefined, { sensitivity: 'base' }))
        for (const option of options) select.append(option)
      }

      const refresh = () => {
        const visible = [...from.options].filter((o) => !o.hidden)
        add.disabled = !visible.some((o) => o.selected)
        remove.disabled = ![...to.options].some((o) => o.selected)
        chooseAll.disabled = visible.length === 0
        removeAll.disabled = to.options.length === 0
      }

      const move = (source, target, all) => {
        const moving = [...source.options].filter((o) => !o.hidden && (all || o.selected))
        if (!moving.length) return
        for (const option of moving) {
          option.selected = false
          target.append(option)
        }
        sortOptions(target)
        applyFilter()
        refresh()
        const chosenText = text(to, 'chosen-count', '{count} chosen').replace('{count}', String(to.options.length))
        window.TangoAdmin.announce(chosenText)
        to.dispatchEvent(new Event('change', { bubbles: true }))
      }

      add.addEventListener('click', () => move(from, to, false))
      remove.addEventListener('click', () => move(to, from, false))
      chooseAll.addEventListener('click', () => move(from, to, true))
      removeAll.addEventListener('click', () => move(to, from, true))
      from.addEventListener('dblclick', () => move(from, to, false))
      to.addEventListener('dblclick', () => move(to, from, false))
      from.addEventListener('change', refresh)
      to.addEventListener('change', refresh)

      const listKeys = (source, target, forward) => (event) => {
        if (event.key === 'Enter' || event.key === (forward ? 'ArrowRight' : 'ArrowLeft')) {
          event.preventDefault()
          const index = source.selectedIndex
          move(source, target, false)
          // Keep the user's place: highlight the option that took the moved one's position.
          const next = [...source.options].filter((o) => !o.hidden)
          const option = next[Math.min(Math.max(index, 0), next.length - 1)]
          if (option) option.selected = true
          refresh()
        }
      }
      from.addEventListener('keydown', listKeys(from, to, true))
      to.addEventListener('keydown', listKeys(to, from, false))

      filter.addEventListener('input', () => { applyFilter(); refresh() })
      filter.addEventListener('keydown', (event) => {
        const visible = [...from.options].filter((o) => !o.hidden)
        if (event.key === 'Enter') {
          // Never submit the form from the filter box.
          event.preventDefault()
          if (!visible.some((o) => o.selected) && visible.length === 1) visible[0].selected = true
          move(from, to, false)
          filter.value = ''
          applyFilter()
          refresh()
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault()
          if (!visible.length) return
          const current = visible.findIndex((o) => o.selected)
          const step = event.key === 'ArrowDown' ? 1 : -1
          const nextIndex = current < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(current + step, 0), visible.length - 1)
          for (const o of from.options) o.selected = false
          visible[nextIndex].selected = true
          refresh()
        }
      })

      // Submit every chosen option (the user may have unselected them by clicking around).
      const form = to.form
      if (form) {
        form.addEventListener('submit', () => {
          for (const option of to.options) option.selected = true
        })
        // FormData built without a submit (new FormData(form)) gets the same values.
        form.addEventListener('formdata', (event) => {
          if (!to.name || to.disabled) return
          event.formData.delete(to.name)
          for (const option of to.options) event.formData.append(to.name, option.value)
        })
      }
      sortOptions(from)
      refresh()
    }
  }
  window.TangoAdmin.register('filter-horizontal', init)
})()

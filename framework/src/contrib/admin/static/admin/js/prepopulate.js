// Tango admin: fills slug inputs from other inputs as the user types (Django's prepopulate.js and
// URLify from urlify.js).
//
// Markup: <input id="id_slug" maxlength="50" data-prepopulated-from="id_title id_subtitle"
//                [data-allow-unicode="true"]>
// The slug becomes URLify(values of the non-empty sources joined by a space, maxlength). As Django:
// only a slug that is empty when the page loads is filled, and typing in the slug stops it.
/* global window, document */
'use strict'
;(() => {
  // Letters that Unicode decomposition does not reduce to ASCII (Django's downcode maps, abridged),
  // plus Russian and Ukrainian Cyrillic (GOST-style, as Django's RUSSIAN_MAP/UKRAINIAN_MAP).
  const MAP = {
    ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH',
    ł: 'l', Ł: 'L', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'n', Ŋ: 'N', ſ: 's', ĸ: 'k',
    а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm',
    н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '',
    ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', є: 'ye', і: 'i', ї: 'yi', ґ: 'g',
  }

  /** Replaces accented and non-Latin letters by ASCII (Django's downcode). */
  const downcode = (text) => {
    let out = ''
    for (const ch of text) {
      const lower = ch.toLowerCase()
      if (MAP[ch] !== undefined) out += MAP[ch]
      else if (MAP[lower] !== undefined) out += MAP[lower].toUpperCase()
      else out += ch
    }
    return out.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  }

  /**
   * Django's URLify: ASCII-fy (unless allowUnicode), lower-case, drop characters that are not
   * letters, digits, spaces or hyphens, trim, turn runs of spaces and hyphens into one hyphen, cut to
   * numChars and drop trailing hyphens.
   */
  const URLify = (text, numChars, allowUnicode) => {
    let s = allowUnicode ? text.normalize('NFKC') : downcode(text)
    s = s.toLowerCase()
    s = allowUnicode ? s.replace(/[^-\p{L}\p{N}_\s]/gu, '') : s.replace(/[^-\w\s]/g, '')
    s = s.replace(/^\s+|\s+$/g, '')
    s = s.replace(/[-\s]+/g, '-')
    if (numChars > 0) s = s.substring(0, numChars)
    return s.replace(/-+$/g, '')
  }
  window.URLify = URLify

  const init = (root) => {
    for (const slug of window.TangoAdmin.findAll(root, '[data-prepopulated-from]')) {
      if (!window.TangoAdmin.claim(slug, 'prepopulate')) continue
      const sourceIds = (slug.getAttribute('data-prepopulated-from') || '').split(/\s+/).filter(Boolean)
      // Ids of an inline's empty form are renumbered by inlines.js before this runs; skip templates.
      if (sourceIds.some((id) => id.includes('__prefix__'))) continue
      const sources = sourceIds.map((id) => document.getElementById(id)).filter(Boolean)
      if (!sources.length || slug.value) continue
      const maxLength = Number(slug.getAttribute('maxlength')) || 50
      const allowUnicode = slug.getAttribute('data-allow-unicode') === 'true'
      let changed = false
      slug.addEventListener('input', () => { changed = true })
      const populate = () => {
        if (changed) return
        const values = sources.map((s) => s.value).filter((v) => v.length > 0)
        slug.value = URLify(values.join(' '), maxLength, allowUnicode)
      }
      for (const source of sources) {
        source.addEventListener('input', populate)
        source.addEventListener('change', populate)
      }
    }
  }
  window.TangoAdmin.register('prepopulate', init)
})()

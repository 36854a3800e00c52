// Tango admin: the script of the page a popup window gets after a save or a deletion (Django's
// admin/popup_response.js). The data is JSON in the data-popup-response attribute of this script's
// own tag (admin/popup_response.html), so the page needs no inline script:
//   {"value": "7", "obj": "Ada"}                                    an addition
//   {"action": "change", "value": "7", "obj": "Ada", "new_value": "7"}  a change
//   {"action": "delete", "value": "7"}                              a deletion
// It calls the opener's dismissAddRelatedObjectPopup / dismissChangeRelatedObjectPopup /
// dismissDeleteRelatedObjectPopup (related-object-lookups.js), which update the widget and close this window.
/* global window, document */
'use strict'
;(() => {
  const script = document.getElementById('admin-popup-response-constants')
  const data = JSON.parse(script.getAttribute('data-popup-response'))
  const opener = window.opener
  const call = (name, ...args) => {
    // The opener may have been closed or navigated away: then there is nothing to update.
    if (opener && !opener.closed && typeof opener[name] === 'function') opener[name](window, ...args)
    else window.close()
  }
  switch (data.action) {
    case 'change':
      call('dismissChangeRelatedObjectPopup', data.value, data.obj, data.new_value)
      break
    case 'delete':
      call('dismissDeleteRelatedObjectPopup', data.value)
      break
    default:
      call('dismissAddRelatedObjectPopup', data.value, data.obj)
  }
})()

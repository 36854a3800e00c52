/**
 * The 403 page for a request that failed the CSRF checks (as Django's `django.views.csrf.csrf_failure`).
 *
 * @module
 */
import { settings } from '../../core/settings.ts'
import { getLanguage, gettext } from '../../core/translation.ts'
import type { Request } from '../../http/request.ts'
import { HttpResponse } from '../../http/response.ts'
import { escapeHtml } from '../../templates/safe.ts'
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from './reasons.ts'

const STYLE = 'html*{padding:0;margin:0}body *{padding:10px 20px}body *{font-family:sans-serif}body{background:#eee}'
  + 'h1{font-weight:normal;margin-bottom:.4em}h1 span{font-size:60%;color:#666;font-weight:normal}'
  + '#info{background:#f6f6f6}#info ul{margin:0.5em 4em}#info p,#summary p{padding-top:10px}'
  + '#summary{background:#ffc}#explanation{background:#eee;border-bottom:0px none}pre{white-space:pre-wrap}'

/** Text for an HTML paragraph: `&`, `<` and `>` escaped (quotes may stay, as in Django's page). */
function paragraph(text: string): string {
  return `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`
}

// The visitor-facing paragraphs (Django's no_referer1..3 and no_cookie1..2), translated when the
// page is made, in the request's language.
function noRefererHelp(): string {
  return [
    paragraph(gettext('You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.')),
    paragraph(gettext('If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.')),
    paragraph(gettext('If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.')),
  ].join('\n')
}

function noCookieHelp(): string {
  return [
    paragraph(gettext('You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.')),
    paragraph(gettext('If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.')),
  ].join('\n')
}

const DEBUG_HELP = `<p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when Tango’s CSRF mechanism has not been used correctly. For POST forms, you need to ensure:</p>
<ul>
<li>Your browser is accepting cookies.</li>
<li>The view passes the <code>request</code> to the template’s render call (<code>render(request, ...)</code>), so the CSRF context processor runs.</li>
<li>In the template, there is a <code>{{ csrf_input() }}</code> inside each POST form that targets an internal URL.</li>
<li>If you are not using <code>CsrfViewMiddleware</code>, you must use <code>csrfProtect</code> on any view that uses <code>csrf_input()</code>, as well as those that accept the POST data.</li>
<li>The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login, you may need to reload the page with the form, because the token is rotated after a login.</li>
</ul>
<p>You’re seeing the help section of this page because you have <code>DEBUG: true</code> in your settings file. Change that to <code>false</code>, and only the initial error message will be displayed.</p>`

/**
 * The default CSRF failure view: a 403 HTML page saying the CSRF verification failed. As Django's,
 * it always explains a missing Referer or a missing cookie (the visitor can fix those), and names
 * the exact `reason`, with help for developers, only when `DEBUG` is on.
 *
 * @param request - the rejected request (unused, kept for the view shape of Django's `CSRF_FAILURE_VIEW`).
 * @param reason - one of the `REASON_*` messages.
 * @returns a 403 {@link HttpResponse}.
 */
export function csrfFailure(request: Request, reason: string): HttpResponse {
  void request
  // The visitor's part is translated; the DEBUG help for developers stays English, as the debug page.
  let body = `<div id="summary">\n<h1>${escapeHtml(gettext('Forbidden'))} <span>(403)</span></h1>\n${paragraph(gettext('CSRF verification failed. Request aborted.'))}\n`
  if (reason === REASON_NO_REFERER) body += noRefererHelp() + '\n'
  if (reason === REASON_NO_CSRF_COOKIE) body += noCookieHelp() + '\n'
  body += '</div>\n'
  if (settings.DEBUG) {
    body += `<div id="info">\n<h2>Help</h2>\n<p>Reason given for failure:</p>\n<pre>\n    ${escapeHtml(reason)}\n</pre>\n${DEBUG_HELP}\n</div>\n`
  } else {
    body += `<div id="explanation">\n<p><small>${escapeHtml(gettext('More information is available with DEBUG=true.'))}</small></p>\n</div>\n`
  }
  const html = `<!DOCTYPE html>\n<html lang="${escapeHtml(getLanguage())}">\n<head>\n<meta charset="utf-8">\n<meta name="robots" content="NONE,NOARCHIVE">\n<title>403 ${escapeHtml(gettext('Forbidden'))}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}</body>\n</html>\n`
  return new HttpResponse(html, { status: 403 })
}

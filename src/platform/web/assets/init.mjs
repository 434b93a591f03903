// Progressive enhancement only: every page works without this script.
// GOV.UK Frontend's components of our pages only (scripts/build-assets.ts bundles them).
import { Button, Checkboxes, ErrorSummary, NotificationBanner, SkipLink } from './govuk-frontend.mjs'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
// As GOV.UK's createAll does: each element of the component's data-module, one failure kept to itself.
for (const Component of [Button, Checkboxes, ErrorSummary, NotificationBanner, SkipLink]) {
  for (const root of document.querySelectorAll(`[data-module="${Component.moduleName}"]`)) {
    try {
      new Component(root)
    } catch (error) {
      console.log(error)
    }
  }
}

// Questions that depend on a radio option show when it is chosen. GOV.UK's own Radios module
// would also set aria-expanded, which ARIA does not allow on a radio button.
const conditionalRadios = document.querySelectorAll('input[type="radio"][data-aria-controls]')
function syncConditionals() {
  for (const input of conditionalRadios) {
    const target = document.getElementById(input.getAttribute('data-aria-controls'))
    target?.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
  }
}
for (const input of document.querySelectorAll('input[type="radio"]')) input.addEventListener('change', syncConditionals)
syncConditionals()

// The installable application (the pages that link its manifest): a service worker keeps the
// static assets, never a page (see /sw.js).
if ('serviceWorker' in navigator && document.querySelector('link[rel="manifest"]')) {
  navigator.serviceWorker.register('/sw.js', { updateViaCache: 'none' }).catch(() => {})
}

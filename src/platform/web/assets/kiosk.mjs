// On a borne (BMS), signed in. Progressive enhancement only: the session ends on the server after
// the idle time whether or not this script runs; here the person is warned first and may continue,
// and the accusé de réception can be printed.
const dialog = document.getElementById('inactivite')
const idleSeconds = Number(document.body.dataset.kioskIdle)
const warningSeconds = Number(document.body.dataset.kioskWarning)
const ENDED = '/borne?fin=inactivite'

if (dialog instanceof HTMLDialogElement && idleSeconds > 0) {
  let timers = []
  const startCounting = () => {
    for (const timer of timers) clearTimeout(timer)
    timers = [
      setTimeout(() => dialog.showModal(), (idleSeconds - warningSeconds) * 1000),
      // A second after the server has ended the session: the borne's welcome page, for the next person.
      setTimeout(() => location.assign(ENDED), (idleSeconds + 1) * 1000),
    ]
  }
  // The request to /borne/presence is itself what pushes the session's end back.
  const stillHere = async () => {
    const response = await fetch('/borne/presence', { cache: 'no-store', credentials: 'same-origin' }).catch(() => null)
    if (response?.status !== 204) return location.assign(ENDED)
    dialog.close()
    startCounting()
  }
  dialog.querySelector('[data-kiosk-continue]').addEventListener('click', stillHere)
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    stillHere()
  })
  startCounting()
}

for (const control of document.querySelectorAll('[data-kiosk-print]')) {
  control.hidden = false
  control.querySelector('button').addEventListener('click', () => window.print())
}

/** A minimal browser for tests: follows redirects by hand and keeps cookies by name and path. */
export class TestBrowser {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.#cookies.values()]
      .filter(({ path }) => target.pathname.startsWith(path))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) this.#store(header);
    return response;
  }

  /** Follows redirects until one leaves for `stopAt` (the relying party's redirect URI). */
  async follow(response: Response, from: string | URL, stopAt: string): Promise<{ response: Response; url: URL }> {
    let url = new URL(from);
    while (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url);
      if (url.href.startsWith(stopAt)) break;
      await response.body?.cancel();
      response = await this.request(url);
    }
    return { response, url };
  }

  /** Fills in the demo provider's login form found in `page` (served at `pageUrl`) and posts it. */
  submitLogin(page: string, pageUrl: URL, login: string, password: string): Promise<Response> {
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error('the page has no login form');
    return this.request(new URL(action, pageUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: pageUrl.origin },
      body: new URLSearchParams({ login, password }),
    });
  }

  #store(header: string) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((a) => /^expires=.*1970/i.test(a) || /^max-age=(0|-)/i.test(a));
    if (expired) this.#cookies.delete(`${name} ${path}`);
    else this.#cookies.set(`${name} ${path}`, { name, value, path });
  }
}

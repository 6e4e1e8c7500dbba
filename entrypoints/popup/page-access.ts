/** Why the extension cannot read a tab's page, in one plain sentence for the popup. */

const BROWSER_SCHEMES = [
  'about:',
  'chrome:',
  'chrome-extension:',
  'chrome-search:',
  'devtools:',
  'edge:',
  'moz-extension:',
  'resource:',
  'view-source:',
];

const STORE_PREFIXES = [
  'https://chromewebstore.google.com/',
  'https://chrome.google.com/webstore',
  'https://addons.mozilla.org/',
  'https://microsoftedge.microsoft.com/addons',
];

export function unavailableReason(url: string | undefined): string {
  if (!url) {
    return 'This page cannot be read by extensions, so its words cannot be explained here. You can still search the glossary.';
  }
  const lower = url.toLowerCase();
  if (BROWSER_SCHEMES.some((scheme) => lower.startsWith(scheme))) {
    return 'This is one of the browser’s own pages. Browsers do not let extensions read them, so there is nothing to explain here. You can still search the glossary.';
  }
  if (STORE_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    return 'Browsers do not let extensions read their add-on store, so there is nothing to explain here. You can still search the glossary.';
  }
  if (/\.pdf(?:$|[?#])/.test(lower)) {
    return 'This looks like a PDF shown by the browser’s own viewer, which extensions cannot read. You can still search the glossary.';
  }
  if (lower.startsWith('file:')) {
    return 'Files on your computer can be read only if you allow it: turn on “Allow access to file URLs” for this extension in the browser’s extension settings, then reload the page.';
  }
  return 'The extension has not started on this page yet. If it was open before the extension was installed or updated, reload the page. You can still search the glossary.';
}

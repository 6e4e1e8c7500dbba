/** Names and limits shared by the content script's modules (and by the tests that look at pages). */

/**
 * The tag of the one element we add to a page: the host of our closed shadow root (the card). It is added only
 * when a card is first opened.
 */
export const UI_HOST_TAG = 'medical-jargon-ui';

/** Every highlight we register in `CSS.highlights` has a name that begins with this. */
export const HIGHLIGHT_PREFIX = 'medical-jargon';
/** All marked terms. */
export const TERMS_HIGHLIGHT = HIGHLIGHT_PREFIX;
/** The term the keyboard commands moved to, painted above the others. */
export const CURRENT_HIGHLIGHT = `${HIGHLIGHT_PREFIX}-current`;

/**
 * At most this many terms are marked on a page at a time (the popup says so); on longer pages the marks follow the
 * reader (see PageScanner). More would cost memory and scanning time for text no one is reading.
 */
export const MAX_PAGE_TERMS = 5000;

/** About one screenful of text: what a reader sees at once (the early marks, the first commit of a scan). */
export const SCREENFUL_CHARS = 6000;

/** No task of ours should run longer than 50 ms; a slice stops well before to leave room for the last step. */
export const SLICE_BUDGET_MS = 12;

/**
 * Changes on the page are gathered for this long before the changed blocks are rescanned. Short, so that content a
 * page adds where the reader is gets marked before the next addition scrolls it away (a feed adding every 100 ms).
 */
export const MUTATION_DEBOUNCE_MS = 30;
/** …but a page that never stops changing is still rescanned at least this often. */
export const MUTATION_MAX_WAIT_MS = 200;

/**
 * The help cursor over terms is switched with a style sheet, and any style-sheet change restyles the whole page
 * (hundreds of ms on a page of 100,000 elements): on pages with more elements than this, the cursor stays as it is.
 */
export const HELP_CURSOR_MAX_ELEMENTS = 5000;

/**
 * Up to this many marked terms, every one is registered in `CSS.highlights`. Past it, only the terms of blocks near
 * the viewport are: Chromium rebuilds the markers of every registered range (and, for underlined ones, their ink
 * overflow) in each frame in which the page or a highlight changed, so the cost of a frame would grow with the page.
 */
export const REGISTER_ALL_MAX = 1000;

/**
 * In one commit, at most this many blocks not yet placed by the IntersectionObserver are measured (more than a
 * screenful holds; the rest wait for the observer). See HighlightPainter.commit.
 */
export const MEASURE_MAX = 1000;

/**
 * Past REGISTER_ALL_MAX, a block with more terms than this (a page that is one paragraph, a 10 MB text) has only its
 * terms near the viewport registered, not all of them: the block as a whole is always near.
 */
export const BLOCK_WINDOW_MIN = 200;

/**
 * Elements watched for nearness are handed to the IntersectionObserver together, at most once in this many ms: each
 * new observation makes Chromium compute every observed element's intersection in the next frame, so a scan that
 * watched a few blocks per slice paid for all of them in every frame (183 ms of a 583 ms scan of a 5 MB page).
 */
export const NEAR_VIEW_BATCH_MS = 200;

/** "Near the viewport": within one viewport's height above or below it. */
export const NEAR_VIEW_MARGIN = '100% 0px';

/** On a page with more terms than MAX_PAGE_TERMS, how long scrolling must stop before the marks move to the reader. */
export const SCROLL_SETTLE_MS = 200;

/**
 * Test builds only (`wxt build --mode e2e`, what `npm run test:browser` runs): the browser tests dispatch this event
 * on the document to ask the content script how far it has got…
 */
export const TEST_QUERY_EVENT = 'medical-jargon-test-query';
/** …and it answers with this one, whose `detail` is its TestState as JSON (again each time that state changes). */
export const TEST_STATE_EVENT = 'medical-jargon-test-state';

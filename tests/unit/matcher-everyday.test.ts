import { describe, expect, it } from 'vitest';
import { bundledPacks, entriesOf } from '../../glossary/index';
import { compileGlossary } from '../../glossary/matcher';

/**
 * Forms that are also everyday words, in the bundled glossary: marked in medical text, never in everyday text. Each
 * sentence stands for one block of a page. `word` is the everyday form; in a medical sentence it must be inside a
 * match, in an everyday one nothing at all may be marked.
 */
const matcher = compileGlossary(entriesOf(bundledPacks));

const EVERYDAY: ReadonlyArray<readonly [sentence: string, word: string]> = [
  ['Use a colon before a list.', 'colon'],
  ['The stage was set for the play.', 'stage'],
  ['My cell phone died on the train.', 'cell'],
  ['Take one capsule twice a day.', 'capsule'],
  ['She sat on a bar stool by the window.', 'stool'],
  ['Fix it with duct tape.', 'duct'],
  ['Cancel a recurring payment in your bank app.', 'recurring'],
  ['He gave a benign smile.', 'benign'],
  ['Prince Albert rules Monaco as its GP host every May.', 'GP'],
  ['A tender steak needs a hot pan.', 'tender'],
  ['The results were positive, and the team was stable.', 'positive'],
  ['His first impression of the city was good.', 'impression'],
  ['The singer took the lead on the second verse.', 'lead'],
  ['Her discharge from the army came in May.', 'discharge'],
  ['Press the tissue paper flat.', 'tissue'],
  ['The government put the activists under surveillance.', 'surveillance'],
  ['A vein of gold ran through the rock.', 'vein'],
  ['An infusion of cash saved the firm.', 'infusion'],
  ['The stock price fell sharply.', 'stock'],
  ['The referral bonus is paid after a month.', 'referral'],
  ['We used a time capsule for the school project.', 'capsule'],
  ['The bank recorded a negative balance.', 'negative'],
];

const MEDICAL: ReadonlyArray<readonly [sentence: string, word: string]> = [
  ['Colon cancer screening starts at 45.', 'Colon'],
  ['A biopsy of the colon showed inflammation.', 'colon'],
  ['The tumour is stage 4 and has spread to the liver.', 'stage 4'],
  ['Staging scans showed no spread to the lymph nodes.', 'Staging'],
  ['A stool sample was sent to check for infection of the bowel.', 'stool sample'],
  ['The bile duct was blocked by a gallstone.', 'bile duct'],
  ['The tumour was benign on biopsy.', 'benign'],
  ['Her GP referred her for a liver biopsy.', 'GP'],
  ['The chemotherapy infusion runs over two hours into a vein.', 'infusion'],
];

const marked = (sentence: string): string[] => matcher.find(sentence).map((match) => match.text);

describe('everyday words in the bundled glossary', () => {
  it.each(EVERYDAY)('nothing is marked in “%s”', (sentence) => {
    expect(marked(sentence)).toEqual([]);
  });

  it.each(MEDICAL)('“%s” marks “%s”', (sentence, word) => {
    const start = sentence.indexOf(word);
    const covering = matcher
      .find(sentence)
      .some((match) => match.start <= start && match.end >= start + word.length);
    expect(covering, JSON.stringify(marked(sentence))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { corePack } from '../../glossary/index';
import { compileGlossary } from '../../glossary/matcher';

const matcher = compileGlossary(corePack.entries);

/**
 * Sentences as patients, forums and clinic letters write them (UK and US), with every term we expect marked, as
 * `surface text → entry id`, in order. A sentence with no terms lists none: those are the near misses.
 */
const SENTENCES: [string, string[]][] = [
  // Clinic letters (UK)
  [
    'Dear Dr Patel, thank you for referring this 64-year-old man with liver metastases from a bowel primary.',
    ['metastases → metastasis', 'bowel → bowel'],
  ],
  [
    'His CT scan of the chest, abdomen and pelvis shows three secondaries in the right lobe.',
    ['CT scan → ct-scan', 'abdomen → abdomen', 'secondaries → secondary-cancer'],
  ],
  ['LFTs were deranged, with a raised bilirubin.', ['LFTs → liver-function-test']],
  ['A PET-CT showed no disease outside the liver.', ['PET-CT → pet-scan']],
  [
    'We discussed transarterial chemoembolisation (TACE) at the MDT.',
    ['transarterial chemoembolisation → tace', 'TACE → tace'],
  ],
  ['He is not a candidate for liver resection at present.', ['liver resection → liver-surgery']],
  [
    'We will offer selective internal radiation therapy (SIRT) with yttrium-90 microspheres.',
    [
      'selective internal radiation therapy → sirt',
      'SIRT → sirt',
      'yttrium-90 → yttrium-90',
      'microspheres → microspheres',
    ],
  ],
  [
    'She developed ascites and was mildly jaundiced on examination.',
    ['ascites → ascites', 'jaundiced → jaundice'],
  ],
  [
    'A stent was placed in the common bile duct to relieve the jaundice.',
    ['stent → stent', 'bile duct → bile-duct', 'jaundice → jaundice'],
  ],
  [
    'The plan is 2nd line chemotherapy, with palliative care input.',
    ['2nd line chemotherapy → second-line-treatment', 'palliative care → palliative-care'],
  ],
  [
    'We discussed the prognosis openly with him and his next of kin.',
    ['prognosis → prognosis', 'next of kin → next-of-kin'],
  ],
  [
    'Copy to: GP; clinical nurse specialist.',
    ['GP → gp', 'clinical nurse specialist → specialist-nurse'],
  ],
  [
    'Radiofrequency ablation (RFA) is an option for the small lesion in segment 6.',
    ['Radiofrequency ablation → radiofrequency-ablation', 'RFA → radiofrequency-ablation'],
  ],
  [
    'After surgery she spent 24 hours in the high dependency unit.',
    ['high dependency unit → high-dependency-unit'],
  ],
  ['He was admitted to intensive care after the hepatectomy.', ['intensive care → intensive-care']],
  [
    'Chemotherapy via the hepatic artery (hepatic artery infusion, HAI) was considered.',
    [
      'Chemotherapy → chemotherapy',
      'hepatic artery → hepatic-artery',
      'hepatic artery infusion → hepatic-artery-infusion',
      'HAI → hepatic-artery-infusion',
    ],
  ],
  [
    'An ultrasound scan confirmed the ascitic fluid.',
    ['ultrasound scan → ultrasound-scan', 'ascitic → ascites'],
  ],
  [
    'Microwave ablation was performed under general anaesthetic.',
    ['Microwave ablation → microwave-ablation'],
  ],
  [
    'She has started hormone therapy for the secondaries from her breast cancer.',
    ['hormone therapy → hormone-therapy', 'secondaries → secondary-cancer'],
  ],
  [
    'Biological therapy, including monoclonal antibodies, may follow.',
    ['Biological therapy → biological-therapy', 'monoclonal antibodies → monoclonal-antibodies'],
  ],
  [
    'A catheter was passed into the hepatic artery under X-ray guidance.',
    ['catheter → catheter', 'hepatic artery → hepatic-artery', 'X-ray → x-rays'],
  ],
  [
    'Brachytherapy (internal radiotherapy) is not suitable here.',
    ['Brachytherapy → brachytherapy', 'internal radiotherapy → internal-radiotherapy'],
  ],
  [
    'Cryotherapy was used for the lesion near the liver capsule.',
    ['Cryotherapy → cryotherapy', 'liver capsule → liver-capsule'],
  ],
  ['Radiotherapy to the bone helped with pain control.', ['Radiotherapy → radiotherapy']],
  ['The tumour has shrunk since the last scan.', ['tumour → tumour']],
  ['Two tumours remain in the left lobe.', ['tumours → tumour']],
  ['Radioembolisation was discussed as an alternative.', ['Radioembolisation → radioembolisation']],
  [
    'He would like to take part in clinical trials if any are open.',
    ['clinical trials → clinical-trials'],
  ],
  ['The primary cancer was in the sigmoid colon.', ['primary cancer → primary-cancer']],
  ['This is not a primary liver cancer.', ['primary liver cancer → primary-liver-cancer']],
  ['He has advanced cancer and is tired most days.', ['advanced cancer → advanced-cancer']],
  // Forums and patients (UK and US)
  [
    'Mum has liver mets and starts chemo next week x',
    ['mets → metastasis', 'chemo → chemotherapy'],
  ],
  ['Anyone had chemo embolization? Scared!!', ['chemo embolization → tace']],
  ['My dad had Y90 last month and felt wiped out for days.', ['Y90 → yttrium-90']],
  [
    'They did Y-90 beads (SIR-Spheres) in March.',
    ['Y-90 → yttrium-90', 'SIR-Spheres → microspheres'],
  ],
  ['Has anyone had yttrium 90 treatment?', ['yttrium 90 → yttrium-90']],
  ['The tumor markers went up again :(', ['tumor → tumour']],
  ['His tumors were too many for surgery.', ['tumors → tumour']],
  ['She had chemoembolization twice in 2019.', ['chemoembolization → tace']],
  ['The doc said it has metastasized to the liver.', ['metastasized → metastasis']],
  ['It had metastasised before they found it.', ['metastasised → metastasis']],
  ['Her metastatic bowel cancer is stable.', ['metastatic → metastasis', 'bowel → bowel']],
  ['Is jaundice always a bad sign?', ['jaundice → jaundice']],
  ['They drained 5 litres of ascitic fluid yesterday.', ['ascitic → ascites']],
  ['Stenting the bile duct made a big difference.', ['Stenting → stent', 'bile duct → bile-duct']],
  // GP and referral are everyday words too ("the GP of Monaco"): marked beside another term only.
  ['My GP was brilliant about the referral.', []],
  [
    'My GP was brilliant about the referral for my jaundice.',
    ['GP → gp', 'referral → referral', 'jaundice → jaundice'],
  ],
  ['Hai, thanks for the reply, hun!', []],
  ['We took the pet to the vet.', []],
  ['Our PET is a spaniel.', []],
  ['I ACT fast when I feel unwell.', []],
  ['The kids are at primary school today.', []],
  ['Sign on the second line of the form.', []],
  ['Take one vitamin capsule a day.', []],
  ['The capsule hotel was tiny.', []],
  ['Tace is my cousin’s name.', []],
  ['The Mets won last night.', []],
  ['Check your Outlook calendar.', []],
  ['He stented nothing; he just waited.', ['stented → stent']],
  [
    'LFTs fine, CT clear, PET-CT booked.',
    ['LFTs → liver-function-test', 'CT → ct-scan', 'PET-CT → pet-scan'],
  ],
  ['My liver function tests came back normal.', ['liver function tests → liver-function-test']],
  ['They want a CAT scan first.', ['CAT scan → ct-scan']],
  ['Had my PET scan, now waiting.', ['PET scan → pet-scan']],
  ['Palliative treatment is about comfort.', ['Palliative treatment → palliative-treatment']],
  [
    'Does hepatic artery chemotherapy hurt?',
    ['hepatic artery chemotherapy → hepatic-artery-chemotherapy'],
  ],
  [
    'Is intrahepatic chemotherapy the same thing?',
    ['intrahepatic chemotherapy → hepatic-artery-chemotherapy'],
  ],
  ['Second-line chemotherapy starts Monday.', ['Second-line chemotherapy → second-line-treatment']],
  ['First-line chemotherapy did not work.', ['First-line chemotherapy → first-line-treatment']],
  ['She is on 1st line treatment.', ['1st line treatment → first-line-treatment']],
  ['Laser therapy is offered at some centres.', ['Laser therapy → laser-therapy']],
  ['Alcohol injection kills the cells.', ['Alcohol injection → alcohol-injection']],
  ['Radio-frequency ablation was quick.', ['Radio-frequency ablation → radiofrequency-ablation']],
  [
    'Radiofrequency assisted surgery is newer.',
    ['Radiofrequency assisted surgery → radiofrequency-assisted-surgery'],
  ],
  [
    'Cancer growth blockers are a type of biological therapy.',
    ['Cancer growth blockers → cancer-growth-blockers', 'biological therapy → biological-therapy'],
  ],
  ['The lymph system carries cells around the body.', ['lymph system → lymph-system']],
  ['The specialist nurse rang me back.', ['specialist nurse → specialist-nurse']],
  ['A symptom control nurse visits on Fridays.', ['symptom control nurse → symptom-control-nurse']],
  ['Her palliative care nurse was lovely.', ['palliative care nurse → symptom-control-nurse']],
  [
    'The secondary liver cancer came from the breast.',
    ['secondary liver cancer → secondary-cancer'],
  ],
  ['These metastases are small.', ['metastases → metastasis']],
  ['Each metastasis is under 2 cm.', ['metastasis → metastasis']],
  ['Her abdominal swelling is worse.', ['abdominal → abdomen']],
  ['The encapsulated lesion was benign.', []],
  ['The hospital ordered an MRI and an X-ray.', ['X-ray → x-rays']],
  ['He is jaundiced and itchy.', ['jaundiced → jaundice', 'itchy → itching']],
  ['Feeling sick after chemo is common.', ['Feeling sick → feeling-sick', 'chemo → chemotherapy']],
  // Text as pages have it
  ['Liver\u00a0metastases were seen.', ['metastases → metastasis']],
  ['secondary\nliver cancer', ['secondary\nliver cancer → secondary-cancer']],
  [
    'trans\u00adarterial chemo\u2011embolisation',
    ['trans\u00adarterial chemo\u2011embolisation → tace'],
  ],
  ['yttrium\u201190 and Y\u2010 90', ['yttrium\u201190 → yttrium-90', 'Y\u2010 90 → yttrium-90']],
];

function describeMatches(text: string): string[] {
  return matcher.find(text).map((match) => `${match.text} → ${match.entryId}`);
}

describe('sentences as people write them', () => {
  it('has at least 80 sentences', () => {
    expect(SENTENCES.length).toBeGreaterThanOrEqual(80);
  });
  it.each(SENTENCES)('%j', (sentence, expected) => {
    expect(describeMatches(sentence)).toEqual(expected);
  });
});

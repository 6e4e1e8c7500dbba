/** Reading a word aloud with the browser's speech synthesis, using voices that run on this computer only. */

/** An offline voice for the language, or null (then no read-aloud button is shown). */
export function offlineVoice(lang = 'en'): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const local = speechSynthesis.getVoices().filter((voice) => voice.localService);
  const prefix = lang.toLowerCase();
  return local.find((voice) => voice.lang.toLowerCase().startsWith(prefix)) ?? null;
}

/** Speaks `text` with `voice` (a remote voice would send the text to a server: callers pass offline ones only). */
export function speak(text: string, voice: SpeechSynthesisVoice): void {
  if (!voice.localService) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

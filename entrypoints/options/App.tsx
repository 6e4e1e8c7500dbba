/**
 * The settings page. Every change is saved at once to `storage.sync`; open tabs follow through
 * `storage.onChanged`, so there is no Save button.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';
import { CustomTermsEditor } from '../../components/CustomTermsEditor';
import { useCustomTerms, useSettings, useThemeClass } from '../../components/hooks';
import { bundledPacks } from '../../glossary/index';
import {
  CARD_FONT_SIZE_RANGE,
  HOVER_DELAY_RANGE,
  resetSettings,
  saveSettings,
  setSitePaused,
  type HighlightStyle,
  type OpenCardOn,
  type Settings,
  type Theme,
} from '../../utils/settings';

type Change = Partial<Omit<Settings, 'version'>>;

const HIGHLIGHT_STYLE_LABELS: Record<HighlightStyle, string> = {
  underline: 'Underline',
  tint: 'Tint (a soft background colour)',
  both: 'Underline and tint',
  'off-until-shortcut': 'Nothing until I press the shortcut for the next word',
};
const THEME_LABELS: Record<Theme, string> = {
  auto: 'Same as my computer',
  light: 'Light',
  dark: 'Dark',
};
const OPEN_CARD_LABELS: Record<OpenCardOn, string> = {
  click: 'When I click the word',
  hover: 'When I rest the pointer on the word',
};

export function Options() {
  const settings = useSettings();
  const customTerms = useCustomTerms();
  const [status, setStatus] = useState('');
  useThemeClass(settings?.theme);

  async function change(patch: Change): Promise<void> {
    try {
      await saveSettings(patch);
      setStatus('Saved. Open tabs use the new setting now.');
    } catch (error) {
      setStatus(`Could not save: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (!settings) return <main class="mje-options">Loading your settings…</main>;

  return (
    <main class="mje-options">
      <h1>Medical Jargon Explainer settings</h1>
      <p class="mje-note">Changes are saved as you make them and apply to open tabs at once.</p>
      <p class="mje-status" role="status">
        {status}
      </p>

      <Section title="How words are marked">
        <RadioGroup
          legend="Marking style"
          name="highlightStyle"
          value={settings.highlightStyle}
          labels={HIGHLIGHT_STYLE_LABELS}
          onChange={(highlightStyle) => void change({ highlightStyle })}
        />
        <ColourField value={settings.highlightColor} onChange={(c) => void change(c)} />
        <label class="mje-check">
          <input
            type="checkbox"
            name="firstOccurrenceOnly"
            checked={settings.firstOccurrenceOnly}
            onChange={(event) => void change({ firstOccurrenceOnly: event.currentTarget.checked })}
          />
          Mark only the first time a word appears in each paragraph
        </label>
      </Section>

      <Section title="The explanation card">
        <RadioGroup
          legend="Open the card"
          name="openCardOn"
          value={settings.openCardOn}
          labels={OPEN_CARD_LABELS}
          onChange={(openCardOn) => void change({ openCardOn })}
        />
        {settings.openCardOn === 'hover' && (
          <NumberField
            label="Wait before opening (milliseconds)"
            name="hoverDelayMs"
            value={settings.hoverDelayMs}
            range={HOVER_DELAY_RANGE}
            step={50}
            onChange={(hoverDelayMs) => void change({ hoverDelayMs })}
          />
        )}
        <NumberField
          label="Text size in the card (pixels)"
          name="cardFontSize"
          value={settings.cardFontSize}
          range={CARD_FONT_SIZE_RANGE}
          step={1}
          onChange={(cardFontSize) => void change({ cardFontSize })}
        />
        <RadioGroup
          legend="Colours"
          name="theme"
          value={settings.theme}
          labels={THEME_LABELS}
          onChange={(theme) => void change({ theme })}
        />
      </Section>

      <Section title="Glossaries">
        <fieldset class="mje-fieldset">
          <legend>Explain words from</legend>
          {bundledPacks.map((pack) => (
            <label key={pack.id} class="mje-check">
              <input
                type="checkbox"
                name="enabledPacks"
                value={pack.id}
                checked={settings.enabledPacks.includes(pack.id)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  void change({
                    enabledPacks: on
                      ? [...settings.enabledPacks, pack.id]
                      : settings.enabledPacks.filter((id) => id !== pack.id),
                  });
                }}
              />
              {pack.title} ({pack.entries.length} words)
            </label>
          ))}
          <p class="mje-note">Your own terms (below) are always used.</p>
        </fieldset>
      </Section>

      <Section title="Toolbar button">
        <label class="mje-check">
          <input
            type="checkbox"
            name="showBadge"
            checked={settings.showBadge}
            onChange={(event) => void change({ showBadge: event.currentTarget.checked })}
          />
          Show on the toolbar button how many different words the page has
        </label>
      </Section>

      <Section title="Paused sites">
        <label class="mje-check">
          <input
            type="checkbox"
            name="pausedEverywhere"
            checked={settings.pausedEverywhere}
            onChange={(event) => void change({ pausedEverywhere: event.currentTarget.checked })}
          />
          Pause everywhere
        </label>
        {settings.pausedSites.length === 0 ? (
          <p class="mje-note">
            No paused sites. To pause a site, open the toolbar button’s panel on it.
          </p>
        ) : (
          <ul class="mje-site-list" aria-label="Paused sites">
            {settings.pausedSites.map((site) => (
              <li key={site}>
                <span class="mje-site">{site}</span>
                <button
                  type="button"
                  aria-label={`Stop pausing ${site}`}
                  onClick={() =>
                    void setSitePaused(site, false).then(() =>
                      setStatus(`${site} is no longer paused.`),
                    )
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Keyboard shortcuts">
        <Shortcuts />
      </Section>

      <Section title="Your own terms">
        <CustomTermsEditor terms={customTerms} />
      </Section>

      <Section title="Start again">
        <p class="mje-note">
          Puts every setting above back as it was when you installed the extension, and forgets the
          paused sites. Your own terms are kept.
        </p>
        <button
          type="button"
          onClick={() => {
            if (!window.confirm('Reset all settings and forget the paused sites?')) return;
            void resetSettings().then(() =>
              setStatus('All settings are back to how they started.'),
            );
          }}
        >
          Reset all settings
        </button>
      </Section>
    </main>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="mje-options-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

interface RadioGroupProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  labels: Record<T, string>;
  onChange: (value: T) => void;
}

function RadioGroup<T extends string>({
  legend,
  name,
  value,
  labels,
  onChange,
}: RadioGroupProps<T>) {
  return (
    <fieldset class="mje-fieldset">
      <legend>{legend}</legend>
      {(Object.keys(labels) as T[]).map((option) => (
        <label key={option} class="mje-check">
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          {labels[option]}
        </label>
      ))}
    </fieldset>
  );
}

interface NumberFieldProps {
  label: string;
  name: string;
  value: number;
  range: { min: number; max: number };
  step: number;
  onChange: (value: number) => void;
}

/** A number box that saves when the value is complete and in range, so typing "1" on the way to "16" is fine. */
function NumberField({ label, name, value, range, step, onChange }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const number = Number(text);
  const valid =
    text.trim() !== '' && Number.isFinite(number) && number >= range.min && number <= range.max;
  return (
    <div class="mje-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        name={name}
        min={range.min}
        max={range.max}
        step={step}
        value={text}
        aria-invalid={!valid}
        aria-describedby={`${id}-hint`}
        onInput={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const n = Number(next);
          if (next.trim() !== '' && Number.isFinite(n) && n >= range.min && n <= range.max)
            onChange(n);
        }}
      />
      <span id={`${id}-hint`} class={valid ? 'mje-note' : 'mje-note mje-error'}>
        From {range.min} to {range.max}.
      </span>
    </div>
  );
}

function ColourField({
  value,
  onChange,
}: {
  value: string;
  onChange: (change: { highlightColor: string }) => void;
}) {
  const id = useId();
  return (
    <div class="mje-field">
      <label htmlFor={id}>Colour of the marks</label>
      <input
        id={id}
        type="color"
        name="highlightColor"
        value={value}
        onChange={(event) => onChange({ highlightColor: event.currentTarget.value })}
      />
      <span class="mje-sample" style={{ '--mje-sample': value }}>
        sample word
      </span>
    </div>
  );
}

interface CommandInfo {
  name: string;
  description: string;
  shortcut: string;
}

function Shortcuts() {
  const [commands, setCommands] = useState<CommandInfo[]>([]);
  const isFirefox = browser.runtime.getURL('/').startsWith('moz-extension:');
  useEffect(() => {
    void browser.commands.getAll().then((all) =>
      setCommands(
        // `_execute_action` (open the popup) has no description and no default key: leave it out.
        all
          .filter((command) => command.description && !command.name?.startsWith('_'))
          .map((command) => ({
            name: command.name ?? '',
            description: command.description ?? command.name ?? '',
            shortcut: command.shortcut ?? '',
          })),
      ),
    );
  }, []);

  async function openShortcutPage(): Promise<void> {
    const commandsApi = browser.commands as typeof browser.commands & {
      openShortcutSettings?: () => Promise<void>;
    };
    if (commandsApi.openShortcutSettings) await commandsApi.openShortcutSettings();
    else await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  }

  return (
    <>
      <table class="mje-shortcuts">
        <caption class="mje-visually-hidden">Keyboard shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">What it does</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((command) => (
            <tr key={command.name}>
              <td>{command.description}</td>
              <td>{command.shortcut ? <kbd>{command.shortcut}</kbd> : 'Not set'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => void openShortcutPage()}>
          Change the shortcuts
        </button>
      </p>
      <p class="mje-note">
        {isFirefox
          ? 'Or open Add-ons and themes, click the gear button and choose “Manage Extension Shortcuts”.'
          : 'Or open chrome://extensions/shortcuts.'}
      </p>
    </>
  );
}

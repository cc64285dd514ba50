import { ApiError } from '@shopstream/web-kit';
import { useState } from 'react';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { ErrorMessage, Loading, Notice, PageHeader } from '../../lib/ui';
import { useAdminShopSettings, useSaveShopSettings } from './queries';
import { checkSettingsForm, formFieldOf, formOf, type SettingsFormValues, sentence } from './settings-form';

type Errors = Partial<Record<keyof SettingsFormValues, string>>;

/** Admins set the shop's name, currency, locale, time zone, tax display and address; every app reads them. */
export function SettingsPage() {
  const user = useCurrentUser();
  const settings = useAdminShopSettings(user.role === 'admin');
  if (user.role !== 'admin') {
    return (
      <>
        <PageHeader title="Shop settings" />
        <p role="alert" className="error">
          Only administrators can see and change the shop settings.
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Shop settings" />
      <ErrorMessage error={settings.error} />
      {settings.data ? (
        // Mounted once: a save updates the query's data, and the form (with its success notice) stays.
        <SettingsForm initial={formOf(settings.data)} />
      ) : settings.isPending ? (
        <Loading />
      ) : null}
      {settings.data ? (
        <p className="muted">
          Last saved {formatDateTime(settings.data.updatedAt)}
          {settings.data.updatedBy ? ` by ${settings.data.updatedBy}` : ''}.
        </p>
      ) : null}
    </>
  );
}

function SettingsForm({ initial }: { initial: SettingsFormValues }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const save = useSaveShopSettings();

  const set = <K extends keyof SettingsFormValues>(field: K, value: SettingsFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setSaved(false);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const checked = checkSettingsForm(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(checked.request);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError) {
        const fromServer: Errors = {};
        for (const problem of error.problem?.errors ?? []) {
          const field = formFieldOf[problem.field.replace(/^body\./, '')];
          if (field) fromServer[field] = sentence(field, problem.message);
        }
        setErrors(fromServer);
      }
    }
  };

  const field = (
    name: keyof SettingsFormValues,
    label: string,
    options: { hint?: string; type?: string; autoComplete?: string; list?: string } = {},
  ) => {
    const hintId = options.hint ? `settings-${name}-hint` : undefined;
    const errorId = errors[name] ? `settings-${name}-error` : undefined;
    return (
      <div className="field">
        <label htmlFor={`settings-${name}`}>{label}</label>
        <input
          id={`settings-${name}`}
          type={options.type ?? 'text'}
          value={String(values[name])}
          autoComplete={options.autoComplete}
          list={options.list}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          onChange={(event) => set(name, event.target.value)}
        />
        {options.hint ? (
          <span id={hintId} className="muted">
            {options.hint}
          </span>
        ) : null}
        {errors[name] ? (
          <span id={errorId} className="field-error">
            {errors[name]}
          </span>
        ) : null}
      </div>
    );
  };

  const invalid = Object.keys(errors).length;
  return (
    <form className="panel" aria-label="Shop settings" onSubmit={submit} noValidate>
      <h2>Shop</h2>
      <div className="filters">
        {field('name', 'Shop name', { autoComplete: 'organization' })}
        {field('contactEmail', 'Contact email', { type: 'email', autoComplete: 'email' })}
      </div>
      <h2>Money, language and time</h2>
      <div className="filters">
        {field('currency', 'Currency', { hint: 'ISO 4217 code, such as EUR, JPY or KWD' })}
        {field('locale', 'Locale', {
          hint: 'How numbers, money and dates are written, such as en-IE or de-DE',
        })}
        {field('timeZone', 'Time zone', {
          hint: 'Where "today" begins in every report, such as Europe/Berlin',
          list: 'settings-time-zones',
        })}
        <datalist id="settings-time-zones">
          {timeZones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="field">
          <label htmlFor="settings-pricesIncludeTax">
            <input
              id="settings-pricesIncludeTax"
              type="checkbox"
              checked={values.pricesIncludeTax}
              aria-describedby="settings-pricesIncludeTax-hint"
              onChange={(event) => set('pricesIncludeTax', event.target.checked)}
            />{' '}
            Prices include tax
          </label>
          <span id="settings-pricesIncludeTax-hint" className="muted">
            On: catalog prices are what shoppers pay (EU consumer rules; on by default for EUR); checkout
            shows the VAT they contain at the destination's rate, and the price stays the same for every
            country. Off (B2B, US): prices are net and tax is added at checkout.
          </span>
        </div>
        {field('returnWindowDays', 'Return window (days)', {
          type: 'number',
          hint: 'Days after delivery in which customers may ask to return items; 0 turns returns off',
        })}
      </div>
      <h2>Address for mail</h2>
      <div className="filters">
        {field('addressName', 'Business name')}
        {field('addressStreet', 'Street', { autoComplete: 'street-address' })}
        {field('addressPostcode', 'Postcode', { autoComplete: 'postal-code' })}
        {field('addressCity', 'City', { autoComplete: 'address-level2' })}
        {field('addressCountry', 'Country', { hint: 'Two letters, such as DE', autoComplete: 'country' })}
      </div>
      {invalid ? (
        <p role="alert" className="error">
          {invalid === 1 ? 'One field needs' : `${invalid} fields need`} your attention before the settings
          can be saved.
        </p>
      ) : null}
      {save.error && !(save.error instanceof ApiError && save.error.problem?.errors?.length) ? (
        <ErrorMessage error={save.error} />
      ) : null}
      {saved ? (
        <Notice>Saved. Every screen now uses these settings; reports follow within a few seconds.</Notice>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

const timeZones: string[] =
  typeof Intl.supportedValuesOf === 'function' ? ['UTC', ...Intl.supportedValuesOf('timeZone')] : ['UTC'];

import type { ConversionMatch, Funnel, FunnelStepInput, Goal } from '@shopstream/contracts';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { api } from '../../services';
import { siteOf } from '../date-range/report-search';
import {
  useCreateFunnel,
  useCreateGoal,
  useFunnels,
  useGoals,
  useRemoveFunnel,
  useRemoveGoal,
} from './queries';

const describe = (match: ConversionMatch) =>
  match.type === 'page' ? `Visited ${match.path}` : `Event ${match.event}`;

const problemText = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Saving failed. Try again.';

/** Staff define the site's goals and funnels; the reports count them from then on, over any range. */
export function SettingsPage() {
  const [params] = useSearchParams();
  const site = siteOf(params) ?? api.site;
  return (
    <>
      <div className="page-head">
        <h1>Goals and funnels</h1>
        <p className="muted">
          For {site}. Goals and funnels count what is already stored, so a new one shows past periods too.
        </p>
      </div>
      <div className="grid">
        <GoalsSettings site={site} />
        <FunnelsSettings site={site} />
      </div>
    </>
  );
}

function MatchFields({
  idPrefix,
  match,
  onChange,
}: {
  idPrefix: string;
  match: ConversionMatch;
  onChange: (match: ConversionMatch) => void;
}) {
  return (
    <>
      <label htmlFor={`${idPrefix}-type`}>
        Kind
        <select
          id={`${idPrefix}-type`}
          value={match.type}
          onChange={(e) =>
            onChange(e.target.value === 'page' ? { type: 'page', path: '/' } : { type: 'event', event: '' })
          }
        >
          <option value="page">Page visited</option>
          <option value="event">Custom event</option>
        </select>
      </label>
      {match.type === 'page' ? (
        <label htmlFor={`${idPrefix}-path`}>
          Path (* one segment, ** any)
          <input
            id={`${idPrefix}-path`}
            required
            maxLength={200}
            pattern="/[^\s?#]*"
            value={match.path}
            onChange={(e) => onChange({ type: 'page', path: e.target.value })}
          />
        </label>
      ) : (
        <label htmlFor={`${idPrefix}-event`}>
          Event name
          <input
            id={`${idPrefix}-event`}
            required
            maxLength={100}
            value={match.event}
            onChange={(e) => onChange({ type: 'event', event: e.target.value })}
          />
        </label>
      )}
    </>
  );
}

function GoalsSettings({ site }: { site: string }) {
  const goals = useGoals(site);
  const create = useCreateGoal(site);
  const remove = useRemoveGoal(site);
  const [name, setName] = useState('');
  const [match, setMatch] = useState<ConversionMatch>({ type: 'page', path: '/checkout/confirmation' });
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await create.mutateAsync({ site, name, match }).then(
      () => setName(''),
      () => {},
    );
  }
  return (
    <section className="panel" aria-labelledby="goals-heading">
      <div className="panel-head">
        <h2 id="goals-heading">Goals</h2>
      </div>
      <p className="panel-note">
        A goal is a page visited (by path pattern) or a custom event, counted by visitor.
      </p>
      <form onSubmit={onSubmit} aria-label="Add a goal">
        <div className="form-row">
          <label htmlFor="goal-name">
            Name
            <input
              id="goal-name"
              required
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <MatchFields idPrefix="goal" match={match} onChange={setMatch} />
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Add goal
          </button>
        </div>
        {create.isError ? (
          <p className="notice notice-error" role="alert">
            {problemText(create.error)}
          </p>
        ) : null}
      </form>
      {goals.isPending ? <p role="status">Loading goals…</p> : null}
      {goals.isError ? <p role="alert">The goals could not be loaded.</p> : null}
      {goals.data?.goals.length === 0 ? <p className="panel-state">No goals yet.</p> : null}
      <ul aria-label="Goals">
        {goals.data?.goals.map((goal: Goal) => (
          <li key={goal.id}>
            <strong>{goal.name}</strong> <span className="muted">{describe(goal.match)}</span>{' '}
            <button
              type="button"
              className="button button-small"
              onClick={() => remove.mutate(goal.id)}
              aria-label={`Remove goal ${goal.name}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const emptyStep = (): FunnelStepInput => ({ match: { type: 'page', path: '/' } });

function FunnelsSettings({ site }: { site: string }) {
  const funnels = useFunnels(site);
  const create = useCreateFunnel(site);
  const remove = useRemoveFunnel(site);
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<FunnelStepInput[]>([emptyStep(), emptyStep()]);
  const setStep = (index: number, step: FunnelStepInput) =>
    setSteps((current) => current.map((s, i) => (i === index ? step : s)));
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const cleaned = steps.map((step) => (step.label?.trim() ? step : { match: step.match }));
    await create.mutateAsync({ site, name, steps: cleaned }).then(
      () => {
        setName('');
        setSteps([emptyStep(), emptyStep()]);
      },
      () => {},
    );
  }
  return (
    <section className="panel funnel-editor" aria-labelledby="funnels-heading">
      <div className="panel-head">
        <h2 id="funnels-heading">Funnels</h2>
      </div>
      <p className="panel-note">
        2 to 8 steps, pages or events. A visitor counts at a step only after reaching every step before it, in
        order, within the period.
      </p>
      <form onSubmit={onSubmit} aria-label="Add a funnel">
        <div className="form-row">
          <label htmlFor="funnel-name">
            Funnel name
            <input
              id="funnel-name"
              required
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        </div>
        {steps.map((step, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are edited in place, their position is their identity
          <fieldset key={index}>
            <legend>Step {index + 1}</legend>
            <div className="form-row">
              <label htmlFor={`step-${index}-label`}>
                Label (optional)
                <input
                  id={`step-${index}-label`}
                  maxLength={80}
                  value={step.label ?? ''}
                  onChange={(e) => setStep(index, { ...step, label: e.target.value })}
                />
              </label>
              <MatchFields
                idPrefix={`step-${index}`}
                match={step.match}
                onChange={(match) => setStep(index, { ...step, match })}
              />
              {steps.length > 2 ? (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setSteps((current) => current.filter((_, i) => i !== index))}
                >
                  Remove step {index + 1}
                </button>
              ) : null}
            </div>
          </fieldset>
        ))}
        <div className="form-row">
          <button
            type="button"
            className="button"
            disabled={steps.length >= 8}
            onClick={() => setSteps((current) => [...current, emptyStep()])}
          >
            Add a step
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Save funnel
          </button>
        </div>
        {create.isError ? (
          <p className="notice notice-error" role="alert">
            {problemText(create.error)}
          </p>
        ) : null}
      </form>
      {funnels.isPending ? <p role="status">Loading funnels…</p> : null}
      {funnels.isError ? <p role="alert">The funnels could not be loaded.</p> : null}
      <ul aria-label="Funnels">
        {funnels.data?.funnels.map((funnel: Funnel) => (
          <li key={funnel.id}>
            <strong>{funnel.name}</strong>{' '}
            <span className="muted">{funnel.steps.map((s) => s.label).join(' → ')}</span>{' '}
            {funnel.builtIn ? (
              <span className="muted">(built in)</span>
            ) : (
              <button
                type="button"
                className="button button-small"
                onClick={() => remove.mutate(funnel.id)}
                aria-label={`Remove funnel ${funnel.name}`}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { api as contract, type JobInfo, type RunRecord } from '../../../shared/protocol/api';
import { api } from '../session';
import { JobSchedule } from './JobSchedule';

const POLL_MS = 1_000;

function StatusText({ status }: { status: RunRecord['status'] }) {
  const { t } = useTranslation();
  const label = {
    running: t('jobs.runningStatus'),
    succeeded: t('jobs.succeeded'),
    failed: t('jobs.failed'),
  }[status];
  return <span className={`status status-${status}`}>{label}</span>;
}

function Progress({ run, job }: { run: RunRecord; job: string }) {
  const { t } = useTranslation();
  const total = run.progress.total ?? 0;
  return (
    <progress
      aria-label={t('jobs.progress', { job })}
      max={total || 1}
      value={total ? run.progress.done : 0}
    />
  );
}

function RunHistory({ job, runs }: { job: string; runs: RunRecord[] }) {
  const { t } = useTranslation();
  return (
    <table aria-label={t('jobs.history', { job })}>
      <thead>
        <tr>
          <th scope="col">{t('jobs.status')}</th>
          <th scope="col">{t('jobs.started')}</th>
          <th scope="col">{t('jobs.duration')}</th>
          <th scope="col">{t('jobs.counts')}</th>
          <th scope="col">{t('jobs.error')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>
              <StatusText status={run.status} />
              {run.status === 'running' && <Progress run={run} job={job} />}
            </td>
            <td>{formatDateTime(run.startedAt)}</td>
            <td>{run.durationMs === null ? '' : `${formatNumber(run.durationMs)} ms`}</td>
            <td>
              {Object.entries(run.counts)
                .map(([name, value]) => `${name}: ${formatNumber(value)}`)
                .join(', ')}
            </td>
            <td>{run.error}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every job with its schedule and last run; run one now and follow its progress. */
export function Jobs() {
  const { t, i18n } = useTranslation();
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [history, setHistory] = useState<Record<string, RunRecord[]>>({});
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await api.route(contract.jobs.list, {});
      setJobs(list);
      const runs = await Promise.all(
        list.map((job) =>
          api.route(contract.jobs.runs, { params: { name: job.name }, query: { limit: 5 } }),
        ),
      );
      setHistory(Object.fromEntries(list.map((job, i) => [job.name, runs[i] ?? []])));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  async function runNow(name: string) {
    try {
      await api.route(contract.jobs.run, { params: { name } });
    } catch (caught) {
      setError(errorText(caught));
    }
    await refresh();
  }

  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('jobs.title')}</h2>
      {error && <p role="alert">{error}</p>}
      {jobs.map((job) => (
        <article key={job.name} aria-label={job.name}>
          <h3>{job.name}</h3>
          <p>
            {i18n.exists(`jobs.summaries.${job.name}`)
              ? t(`jobs.summaries.${job.name}`)
              : job.summary}
          </p>
          <p>
            {t('jobs.schedule')}: <code>{job.schedule.cron}</code> (
            {job.schedule.enabled ? t('jobs.enabled') : t('jobs.disabled')})
          </p>
          <JobSchedule job={job.name} schedule={job.schedule} onSaved={() => void refresh()} />
          <p>
            {t('jobs.lastRun')}:{' '}
            {job.lastRun ? <StatusText status={job.lastRun.status} /> : t('jobs.never')}
          </p>
          <button
            type="button"
            onClick={() => void runNow(job.name)}
            disabled={job.lastRun?.status === 'running'}
          >
            {t('jobs.runNow', { job: job.name })}
          </button>
          <RunHistory job={job.name} runs={history[job.name] ?? []} />
        </article>
      ))}
    </section>
  );
}

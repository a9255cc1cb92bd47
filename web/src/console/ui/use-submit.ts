// One way to send a staff form: busy while in flight (a second click does nothing), the API's
// refusal as plain sentences, the typed answer on success.
import { useState } from 'preact/hooks';
import { useText } from '../text';
import { problemsOf } from './errors';
import { uiText } from './text';

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function useSubmit(labels: Record<string, string> = {}) {
  const t = useText(uiText);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async <T>(call: () => Promise<Answer<T>>): Promise<T | undefined> => {
    if (busy) return undefined;
    setBusy(true);
    setProblems([]);
    try {
      const { data, error, response } = await call();
      if (response.ok && data !== undefined) return data;
      setProblems(problemsOf(error, response.status, t, labels));
    } catch {
      setProblems([t.errors.NETWORK!]);
    } finally {
      setBusy(false);
    }
    return undefined;
  };
  return { busy, problems, setProblems, submit };
}

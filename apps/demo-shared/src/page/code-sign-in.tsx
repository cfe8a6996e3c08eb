import { useState } from 'react';

type Step = { at: 'email' } | { at: 'code'; message?: string } | { at: 'error'; message: string };

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * "Sign in with a code": the server sends a code to the email (a fire of `login_code`), the user
 * types what they received, the server checks it with Fyno Verify. The page never sees the code.
 */
export function CodeSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [step, setStep] = useState<Step>({ at: 'email' });
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setStep({ at: 'error', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const sendCode = () =>
    run(async () => {
      const res = await post('/api/code-sign-in', { email });
      if (!res.ok) throw new Error(`Could not send a code (HTTP ${res.status})`);
      setCode('');
      setStep({ at: 'code' });
    });
  const checkCode = () =>
    run(async () => {
      const res = await post('/api/code-sign-in/verify', { code });
      if (res.ok) {
        setStep({ at: 'email' });
        onSignedIn();
      } else if (res.status === 401) setStep({ at: 'code', message: 'That code is not right, or it expired.' });
      else throw new Error(`Could not check the code (HTTP ${res.status})`);
    });

  return (
    <div className="code-signin" data-testid="code-sign-in">
      <label className="field">
        Or sign in with a code sent to
        <input
          type="email"
          aria-label="Email for a sign-in code"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          maxLength={200}
          placeholder="you@example.com"
        />
      </label>
      <button className="secondary" onClick={() => void sendCode()} disabled={busy}>
        Email me a code
      </button>
      {step.at === 'code' && (
        <>
          <label className="field">
            Code
            <input
              aria-label="Sign-in code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={10}
            />
          </label>
          <button className="primary" onClick={() => void checkCode()} disabled={busy || !code}>
            Sign in with the code
          </button>
        </>
      )}
      <p className="status idle small" role="status" data-testid="code-sign-in-status">
        {step.at === 'code' &&
          (step.message ?? (
            <>
              If that email has an account, a code is on its way: read it in the <a href="/emulator/">emulator inbox</a>, as you would in your email.
            </>
          ))}
        {step.at === 'error' && step.message}
      </p>
    </div>
  );
}

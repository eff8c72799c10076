/**
 * The /ui/ page: asks for an API key (kept in sessionStorage, sent as a
 * bearer token on every call) and shows the view the URL's hash names.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiKey, setApiKey } from './api.ts';
import { PlansView } from './plans.tsx';
import { href, parseRoute, type Route } from './route.ts';
import { TimelineView } from './timeline.tsx';
import { PlanView, TreeAtView } from './tree-view.tsx';
import './style.css';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function KeyForm({ onKey }: { onKey: (key: string) => void }) {
  const [text, setText] = useState('');
  return (
    <form
      class="key"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '') onKey(text.trim());
      }}
    >
      <h2>API key</h2>
      <p>
        Every call of this page carries your key (<code>Authorization: Bearer …</code>). <code>npm start</code> on its
        embedded database prints a local development key; else create one with{' '}
        <code>pg-checkpoint keys create --actor &lt;name&gt; --role reader|writer|admin</code>. A reader sees; a writer
        may also create checkpoints, roll back and revert. The key stays in this tab (sessionStorage) until you forget
        it or close the tab.
      </p>
      <input
        name="apiKey"
        type="password"
        autocomplete="off"
        aria-label="API key"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />{' '}
      <button type="submit">Use key</button>
    </form>
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'plans':
      return <PlansView />;
    case 'plan':
      return <PlanView id={route.id} />;
    case 'entity':
      return <TimelineView type={route.type} id={route.id} />;
    case 'tree':
      return <TreeAtView type={route.type} id={route.id} at={route.at} />;
  }
}

function App() {
  const route = useRoute();
  const [key, setKey] = useState(apiKey);
  const use = (k: string | null): void => {
    setApiKey(k);
    setKey(k);
  };
  return (
    <>
      <header class="top">
        <h1>
          <a href={href({ view: 'plans' })}>pg-checkpoint</a> <span class="muted">timeline</span>
        </h1>
        {key !== null && (
          <button type="button" class="link" onClick={() => use(null)}>
            forget API key
          </button>
        )}
      </header>
      <main>{key === null ? <KeyForm onKey={use} /> : <View key={JSON.stringify(route)} route={route} />}</main>
    </>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);

/** The shell of the agent inbox; the inbox, admin screens and widget grow from here. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Turumba Support</h1>
      <p>
        The agent inbox is on its way. The API is documented at <a href="/docs">/docs</a>.
      </p>
    </main>
  );
}

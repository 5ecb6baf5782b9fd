// The blank page: first-load JavaScript of the framework alone.
export default function Page() {
  return <main>blank</main>;
}

/** A bench module run alone (`node dist/scripts/bench/NAME.js`) rather than imported by `npm run bench`. */

/** Runs `main` when the module at `url` is the script node was started with; a failure is printed and exits 1. */
export function runAlone(url: string, main: () => Promise<void>): void {
  if (url !== `file://${process.argv[1]}`) return;
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

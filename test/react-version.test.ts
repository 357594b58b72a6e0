import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, it } from 'vitest';

// npm run test:react18 points React at a React 18 install (REACT_18_DIR); this fails if that stops working.
it('runs against the React version under test, with a matching react-dom', () => {
  expect(version).toMatch(process.env.REACT_18_DIR ? /^18\.3\./ : /^19\./);
  expect(domVersion).toBe(version);
});

// Integration tests wait on real servers; their own waitFor() deadlines say what timed out.
jest.setTimeout(120_000);

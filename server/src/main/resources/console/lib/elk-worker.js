// The console's layout worker (not part of elkjs): loads the unmodified elkjs bundle, whose layout code, evaluated in a
// worker, answers the ELK API's messages on `self` (graph.js creates this worker through ELK's `workerFactory`).
importScripts('./elk.bundled.js');
new self.ELK(); // evaluates the bundle's layout module, which installs self.onmessage

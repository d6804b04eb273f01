"""Developer tools run by make targets and the tests (bench, synth, basemap, testbed); never imported by the package."""

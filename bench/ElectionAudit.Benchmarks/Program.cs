using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pass BenchmarkDotNet arguments (--filter, --job short, --memory ...) through.
BenchmarkSwitcher.FromAssembly(typeof(ElectionAudit.Benchmarks.ParserBenchmarks).Assembly).Run(args);

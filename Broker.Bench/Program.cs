Console.WriteLine("Broker.Bench: micro-benchmarks and load generator (coming).");

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps every log entry (all levels) so a test can assert what was, or was not,
/// logged, and await an event instead of sleeping.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Done)> waiters = [];

    public IReadOnlyCollection<LogEntry> Entries => entries;

    /// <summary>Adds this provider to the broker's logging at every level, whatever <c>Logging:LogLevel</c> says for other providers.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<LogCapture>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <summary>Waits for an entry matching <paramref name="match"/>, logged before or after this call.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiters)
        {
            var existing = entries.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TestClient.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for log entry: {what}");
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (waiters)
        {
            entries.Enqueue(entry);
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Match(entry))
                {
                    waiters[i].Done.TrySetResult(entry);
                    waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class CapturingLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => $"{p.Key}={p.Value}").ToList()
                : [];
            owner.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

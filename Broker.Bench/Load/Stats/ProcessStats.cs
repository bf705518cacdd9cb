using System.Diagnostics;
using System.Globalization;

namespace Broker.Bench.Load.Stats;

/// <summary>Reads CPU time and memory of a local process from /proc (Linux only; null elsewhere).</summary>
internal static class ProcessStats
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every mainstream Linux build.</summary>
    private const double ClockTicksPerSecond = 100.0;

    public static ProcessSample? TryRead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var status = File.ReadAllLines($"/proc/{pid}/status");
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(
                Stopwatch.GetTimestamp(),
                TimeSpan.FromSeconds(ticks / ClockTicksPerSecond),
                StatusKb(status, "VmRSS:") * 1024,
                StatusKb(status, "VmHWM:") * 1024,
                (int)StatusKb(status, "Threads:"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of open files of this process (from /proc/self/limits), or null.</summary>
    public static long? OpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: > 3 } && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute load average from /proc/loadavg, or null.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            var first = text.Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long StatusKb(string[] lines, string key)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var value = line[key.Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

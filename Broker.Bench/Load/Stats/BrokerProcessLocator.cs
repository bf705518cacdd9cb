using System.Globalization;

namespace Broker.Bench.Load.Stats;

/// <summary>
/// Finds the local process listening on a TCP port: the socket inode from /proc/net/tcp{,6} (state 0A =
/// LISTEN), then the process holding <c>socket:[inode]</c> among /proc/*/fd. Used for <c>--url</c> runs so
/// the report can show the broker's CPU and RSS without <c>--broker-pid</c>.
/// </summary>
internal static class BrokerProcessLocator
{
    public static int? FindListener(int port)
    {
        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (!File.Exists(table))
                {
                    continue;
                }

                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (cols.Length < 10 || cols[3] != "0A")
                    {
                        continue;
                    }

                    var local = cols[1];
                    var hexPort = local[(local.LastIndexOf(':') + 1)..];
                    if (int.Parse(hexPort, NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                    {
                        inodes.Add($"socket:[{cols[9]}]");
                    }
                }
            }

            if (inodes.Count == 0)
            {
                return null;
            }

            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                    {
                        if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                        {
                            return pid;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // processes come and go, and some are not ours to read
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }
}

using System.Globalization;
using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Simulations;

/// <summary>
/// <c>--load</c> on the command line: simulations separated by commas or spaces, run in order.
/// <list type="bullet">
/// <item><c>inject:RATE[/INTERVAL]:DURATION</c> (RATE per INTERVAL, default per 1s)</item>
/// <item><c>ramping-inject:RATE[/INTERVAL]:DURATION</c> (from the previous rate to RATE)</item>
/// <item><c>keep-constant:COPIES:DURATION</c></item>
/// <item><c>ramping-constant:COPIES:DURATION</c> (from the previous copies to COPIES)</item>
/// <item><c>pause:DURATION</c></item>
/// </list>
/// NBomber's spellings (<c>RampingInject</c>, <c>KeepConstant</c>…) and the short forms <c>ramp-inject</c>,
/// <c>keep</c>, <c>ramp</c> are accepted; durations as everywhere (<c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>00:01:30</c>).
/// </summary>
internal static class LoadProfileParser
{
    public static bool TryParse(string? text, out IReadOnlyList<LoadSimulation> simulations, out string error)
    {
        simulations = [];
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "--load is empty";
            return false;
        }

        var list = new List<LoadSimulation>();
        foreach (var item in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseOne(item, out var simulation, out error))
            {
                return false;
            }

            list.Add(simulation);
        }

        simulations = list;
        return true;
    }

    private static bool TryParseOne(string item, out LoadSimulation simulation, out string error)
    {
        simulation = null!;
        error = string.Empty;
        var parts = item.Split(':', 2);
        var kind = parts[0].Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var rest = parts.Length > 1 ? parts[1] : string.Empty;
        try
        {
            switch (kind)
            {
                case "pause":
                    simulation = Simulation.Pause(Duration(rest, item));
                    return true;
                case "inject" or "rampinginject" or "rampinject":
                {
                    var (amount, during) = Split(rest, item);
                    var (rate, interval) = Rate(amount, item);
                    simulation = kind == "inject" ? Simulation.Inject(rate, interval, during) : Simulation.RampingInject(rate, interval, during);
                    return true;
                }

                case "keepconstant" or "keep" or "rampingconstant" or "rampconstant" or "ramp":
                {
                    var (amount, during) = Split(rest, item);
                    if (!int.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var copies))
                    {
                        throw new FormatException($"'{item}': '{amount}' is not a number of copies");
                    }

                    simulation = kind.StartsWith("keep", StringComparison.Ordinal) ? Simulation.KeepConstant(copies, during) : Simulation.RampingConstant(copies, during);
                    return true;
                }

                default:
                    error = $"'{item}': unknown simulation '{parts[0]}' (inject, ramping-inject, keep-constant, ramping-constant, pause)";
                    return false;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error = e.Message;
            return false;
        }
    }

    private static (string Amount, TimeSpan During) Split(string rest, string item)
    {
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"'{item}': expected NAME:AMOUNT:DURATION");
        }

        return (rest[..colon], Duration(rest[(colon + 1)..], item));
    }

    private static (double Rate, TimeSpan Interval) Rate(string text, string item)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? text : text[..slash];
        var interval = TimeSpan.FromSeconds(1);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || double.IsInfinity(rate)
            || (slash >= 0 && !DurationParser.TryParse(text[(slash + 1)..], out interval)))
        {
            throw new FormatException($"'{item}': '{text}' is not RATE or RATE/INTERVAL (100, 50/500ms)");
        }

        return (rate, interval);
    }

    private static TimeSpan Duration(string text, string item) =>
        DurationParser.TryParse(text, out var value) ? value : throw new FormatException($"'{item}': '{text}' is not a duration");
}

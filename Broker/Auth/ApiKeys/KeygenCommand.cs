using System.Globalization;
using Broker.Options;

namespace Broker.Auth;

/// <summary>
/// <c>Broker keygen [--sequence N] [--root] [--salt BASE64]</c>: prints an API key signed with the salt given, or else
/// with the configured <c>Auth:ApiKeySalt</c> (appsettings, environment, command line, as the server reads them).
/// </summary>
internal static class KeygenCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ushort sequence = 1;
        var root = false;
        string? salt = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sequence" when i + 1 < args.Length && ushort.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out sequence):
                    i++;
                    break;
                case "--root":
                    root = true;
                    break;
                case "--salt" when i + 1 < args.Length:
                    salt = args[++i];
                    break;
                case "--help" or "-h":
                    output.WriteLine("usage: Broker keygen [--sequence N] [--root] [--salt BASE64]");
                    return 0;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        salt ??= ConfiguredSalt([.. rest]);
        if (!ApiKeyFormat.TryDecodeSalt(salt, out var bytes))
        {
            error.WriteLine("keygen: the salt is not base64");
            return 1;
        }

        output.WriteLine(ApiKeyFormat.Mint(bytes, sequence, root));
        return 0;
    }

    private static string? ConfiguredSalt(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        return configuration[AuthOptions.Section + ":" + nameof(AuthOptions.ApiKeySalt)] ?? new AuthOptions().ApiKeySalt;
    }
}

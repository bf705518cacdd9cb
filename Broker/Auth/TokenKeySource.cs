using System.Security.Cryptography;
using Broker.Options;

namespace Broker.Auth;

/// <summary>The token HMAC key: from configuration, else generated once into the data folder and reused.</summary>
internal static class TokenKeySource
{
    public static byte[] Load(AuthOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.TokenKey))
        {
            var configured = Convert.FromBase64String(options.TokenKey);
            if (configured.Length < 32)
            {
                throw new InvalidOperationException("Auth:TokenKey must be base64 of at least 32 bytes.");
            }

            return configured;
        }

        var path = Path.GetFullPath(options.KeyFile);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, file))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}

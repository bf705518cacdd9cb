using Broker.Protocol.Access;

namespace Broker.Tests.Protocol;

public sealed class AccessModeTests
{
    [Theory]
    [InlineData("JRWPASDO", AccessModes.Full)]
    [InlineData("jrwps", AccessModes.Public)]
    [InlineData("WRJ", AccessMode.Join | AccessMode.Read | AccessMode.Write)]
    [InlineData("N", AccessMode.None)]
    [InlineData("NJRW", AccessMode.None)]
    public void Parses_absolute_modes(string text, AccessMode expected)
    {
        Assert.True(AccessModes.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("+W")]
    [InlineData("JRX")]
    [InlineData("J R")]
    public void Rejects_invalid_modes(string? text)
    {
        Assert.False(AccessModes.TryParse(text, out _));
    }

    [Theory]
    [InlineData(AccessMode.None, "N")]
    [InlineData(AccessMode.Owner | AccessMode.Join, "JO")]
    [InlineData(AccessModes.Full, "JRWPASDO")]
    [InlineData(AccessMode.Read | AccessMode.Presence | AccessMode.Delete, "RPD")]
    public void Formats_in_fixed_order(AccessMode mode, string expected)
    {
        Assert.Equal(expected, AccessModes.Format(mode));
    }

    [Fact]
    public void Delta_lists_added_then_removed_bits()
    {
        Assert.Equal("+S-P", AccessModes.Delta(AccessModes.P2P, AccessModes.P2P & ~AccessMode.Presence | AccessMode.Share));
        Assert.Equal(string.Empty, AccessModes.Delta(AccessModes.Public, AccessModes.Public));
    }
}

namespace Broker.Topics;

internal static class GetPartsParser
{
    /// <summary>Unknown words are ignored, as Tinode does.</summary>
    public static GetParts Parse(string? what)
    {
        var parts = GetParts.None;
        if (string.IsNullOrWhiteSpace(what))
        {
            return parts;
        }

        foreach (var word in what.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            parts |= word switch
            {
                "desc" => GetParts.Desc,
                "sub" => GetParts.Sub,
                "data" => GetParts.Data,
                "del" => GetParts.Del,
                "tags" => GetParts.Tags,
                "cred" => GetParts.Cred,
                "aux" => GetParts.Aux,
                _ => GetParts.None,
            };
        }

        return parts;
    }
}

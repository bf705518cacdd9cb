using System.Text.Json.Serialization;
using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>Source-generated JSON of the admin API (camelCase, nulls omitted, case-insensitive input).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32,
    Converters = [typeof(TimestampConverter)])]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(UserView))]
[JsonSerializable(typeof(Storage.UserRateLimits))]
[JsonSerializable(typeof(TokenView))]
[JsonSerializable(typeof(NotifyRequest))]
[JsonSerializable(typeof(NotifyView))]
[JsonSerializable(typeof(TopicListView))]
[JsonSerializable(typeof(TopicView))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(MemberRequest))]
[JsonSerializable(typeof(MemberView))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(PublishedView))]
[JsonSerializable(typeof(CreateEmcGroupRequest))]
[JsonSerializable(typeof(EmcInboundRequest))]
[JsonSerializable(typeof(EmcStatusRequest))]
[JsonSerializable(typeof(EmcGroupView))]
[JsonSerializable(typeof(EmcGroupListView))]
[JsonSerializable(typeof(EmcPostedView))]
[JsonSerializable(typeof(EmcStatusView))]
[JsonSerializable(typeof(BackupRequest))]
[JsonSerializable(typeof(BackupView))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(ReportListView))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;

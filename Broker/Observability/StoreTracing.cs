using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Broker.Storage;

namespace Broker.Observability;

/// <summary>
/// Wraps a store's interfaces so that every call is a span (<c>store Messages.AppendAsync</c>, …) when traces are
/// collected. A <see cref="DispatchProxy"/> rather than a hand-written decorator per interface: the store seam grows,
/// and a decorator that must list every method would break (or silently miss) each new one.
/// </summary>
internal static class StoreTracing
{
    public static StorageBackend Wrap(StorageBackend backend) => backend with
    {
        Users = TracingProxy<IUserStore>.Create(backend.Users, "Users"),
        Topics = TracingProxy<ITopicStore>.Create(backend.Topics, "Topics"),
        Subscriptions = TracingProxy<ISubscriptionStore>.Create(backend.Subscriptions, "Subscriptions"),
        Messages = TracingProxy<IMessageStore>.Create(backend.Messages, "Messages"),
        Tags = TracingProxy<ITagIndex>.Create(backend.Tags, "Tags"),
    };

    /// <summary>DispatchProxy needs a public, non-sealed class with a parameterless constructor.</summary>
    public class TracingProxy<T> : DispatchProxy
        where T : class
    {
        private static readonly ConcurrentDictionary<MethodInfo, string> SpanNames = new();
        private T inner = null!;
        private string store = string.Empty;

        internal static T Create(T inner, string store)
        {
            var proxy = DispatchProxy.Create<T, TracingProxy<T>>();
            var self = (TracingProxy<T>)(object)proxy;
            self.inner = inner;
            self.store = store;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var method = targetMethod!;
            var caller = Activity.Current;
            var activity = BrokerActivity.Source.HasListeners()
                ? BrokerActivity.Source.StartActivity(SpanNames.GetOrAdd(method, static (m, s) => "store " + s + "." + m.Name, store), ActivityKind.Client)
                : null;
            object? result;
            try
            {
                result = method.Invoke(inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                Activity.Current = caller;
                Fail(activity, ex.InnerException);
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            if (activity is null)
            {
                return result;
            }

            // The span stays current for the call's own continuations only, not for the caller's code after it.
            Activity.Current = caller;

            if (result is Task task && !task.IsCompleted)
            {
                task.ContinueWith(static (t, state) => Finish((Activity)state!, t), activity, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else
            {
                Finish(activity, result as Task);
            }

            return result;
        }

        private static void Finish(Activity activity, Task? task)
        {
            if (task is { IsFaulted: true })
            {
                Fail(activity, task.Exception!.InnerException ?? task.Exception);
                return;
            }

            activity.Dispose();
        }

        private static void Fail(Activity? activity, Exception exception)
        {
            if (activity is null)
            {
                return;
            }

            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.Dispose();
        }
    }
}

using System.Net.Sockets;
using System.Text;

namespace CrossReview.Reviewers.Detection;

/// <summary>
/// One short GET to see whether a server is there: any HTTP answer, whatever its status, means reachable. Used for
/// Ollama's <c>/api/tags</c> during detection and for base URLs in <c>doctor</c>; never sends a key.
/// </summary>
public sealed class EndpointProbe
{
    /// <summary>Enough for Ollama's model list; a bigger body is cut, since only reachability and names matter.</summary>
    private const int MaxBodyBytes = 1 << 20;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;

    /// <param name="timeout">How long one probe may take, connection included; 2 s when null.</param>
    public EndpointProbe(TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>GETs <paramref name="uri"/>; an unreachable server, a refused connection or the timeout give an answer with <see cref="EndpointAnswer.Error"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (not the probe's own timeout).</exception>
    public async Task<EndpointAnswer> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBodyBytes];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), linked.Token).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                return new EndpointAnswer((int)response.StatusCode, Encoding.UTF8.GetString(buffer, 0, read), null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EndpointAnswer(null, null, $"no answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new EndpointAnswer(null, null, Describe(ex));
        }
    }

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "unknown host",
        SocketException socket => socket.Message,
        _ => ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.NameResolutionError => "unknown host",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => "no valid HTTP answer",
        },
    };
}

using System.Net;
using CrossReview.Reviewers.Http;

namespace CrossReview.Tests.Reviewers;

public sealed class ModelRetryHandlerTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void ServerRequestedDelay_Seconds_UsesThem()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("Retry-After", "7");

        Assert.Equal(TimeSpan.FromSeconds(7), ModelRetryHandler.ServerRequestedDelay(response, new FixedTime(DateTimeOffset.UnixEpoch), Cap));
    }

    [Fact]
    public void ServerRequestedDelay_HttpDate_MeasuresFromTimeProvider()
    {
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.Add("Retry-After", now.AddSeconds(12).ToString("r"));

        Assert.Equal(TimeSpan.FromSeconds(12), ModelRetryHandler.ServerRequestedDelay(response, new FixedTime(now), Cap));
    }

    [Fact]
    public void ServerRequestedDelay_DateInPast_IsZero()
    {
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("Retry-After", now.AddMinutes(-1).ToString("r"));

        Assert.Equal(TimeSpan.Zero, ModelRetryHandler.ServerRequestedDelay(response, new FixedTime(now), Cap));
    }

    [Fact]
    public void ServerRequestedDelay_Milliseconds_PreferredOverSeconds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("Retry-After", "2");
        response.Headers.Add("retry-after-ms", "1500");

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ModelRetryHandler.ServerRequestedDelay(response, TimeProvider.System, Cap));
    }

    [Fact]
    public void ServerRequestedDelay_BeyondCap_IsCapped()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("Retry-After", "3600");

        Assert.Equal(Cap, ModelRetryHandler.ServerRequestedDelay(response, TimeProvider.System, Cap));
    }

    [Fact]
    public void ServerRequestedDelay_NoHeader_LeavesItToBackoff()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);

        Assert.Null(ModelRetryHandler.ServerRequestedDelay(response, TimeProvider.System, Cap));
    }

    [Fact]
    public void Redact_KeyInText_ReplacedEverywhere()
    {
        var redactor = new SecretRedactor(["sk-abc123", null, "x"]);

        Assert.Equal("Bearer *** and *** but x stays", redactor.Redact("Bearer sk-abc123 and sk-abc123 but x stays"));
    }

    [Fact]
    public void Redact_WithBaseUrlSecrets_HidesPasswordAndQueryValues()
    {
        var uri = new Uri("http://user:SUPER%2FSECRET@host:8000/v1?key=QUERYSECRET&api-version=2024-10");
        var redactor = new SecretRedactor(UriDisplay.Secrets(uri));

        Assert.Equal(
            "*** *** *** ***",
            redactor.Redact("SUPER%2FSECRET SUPER/SECRET QUERYSECRET 2024-10"));
        Assert.Equal("http://host:8000/v1", UriDisplay.WithoutSecrets(uri));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

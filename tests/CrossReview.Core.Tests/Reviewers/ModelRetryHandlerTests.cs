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
        var redactor = new SecretRedactor(["sk-proj-4f9a1c7e2b8d6a0f", null, "x"]);

        Assert.Equal("Bearer *** and *** but x stays", redactor.Redact("Bearer sk-proj-4f9a1c7e2b8d6a0f and sk-proj-4f9a1c7e2b8d6a0f but x stays"));
    }

    [Theory]
    [InlineData("ollama")]
    [InlineData("lm-studio")]
    [InlineData("12345678901")]
    public void Redact_PlaceholderKeyShorterThanTwelve_LeftAlone(string placeholder)
    {
        var redactor = new SecretRedactor([placeholder]);

        Assert.Equal($"model {placeholder} not found", redactor.Redact($"model {placeholder} not found"));
    }

    [Fact]
    public void Redact_WithBaseUrlSecrets_HidesPasswordAndSecretQueryValuesOnly()
    {
        var uri = new Uri("http://user:SUPER%2FSECRET-PW@host:8000/v1?key=AIzaSyD-QUERYSECRET&api-version=2024-10-21-preview");
        var redactor = new SecretRedactor(UriDisplay.Secrets(uri));

        Assert.Equal(
            "*** *** *** api-version 2024-10-21-preview",
            redactor.Redact("SUPER%2FSECRET-PW SUPER/SECRET-PW AIzaSyD-QUERYSECRET api-version 2024-10-21-preview"));
        Assert.Equal("http://host:8000/v1", UriDisplay.WithoutSecrets(uri));
    }

    [Theory]
    [InlineData("key", true)]
    [InlineData("api_key", true)]
    [InlineData("apikey", true)]
    [InlineData("x-goog-api-key", true)]
    [InlineData("API-KEY", true)]
    [InlineData("token", true)]
    [InlineData("access_token", true)]
    [InlineData("sig", true)]
    [InlineData("signature", true)]
    [InlineData("secret", true)]
    [InlineData("password", true)]
    [InlineData("auth", true)]
    [InlineData("Authorization", true)]
    [InlineData("code", true)]
    [InlineData("api-version", false)]
    [InlineData("model", false)]
    [InlineData("deployment", false)]
    [InlineData("stream", false)]
    public void Secrets_QueryParameter_OnlyWhenNameLooksSecret(string name, bool secret)
    {
        var uri = new Uri($"https://host/v1?{name}=value-0123456789");

        Assert.Equal(secret, UriDisplay.Secrets(uri).Contains("value-0123456789"));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

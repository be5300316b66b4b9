using CrossReview.Cli;

return await CrossReviewApp.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);

import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("explore", "routes/explore.tsx"),
  route("signup", "routes/signup.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("forgot-password", "routes/forgot-password.tsx"),
  route("reset-password/:token", "routes/reset-password.tsx"),
  route("settings", "routes/settings.tsx"),
  route("language", "routes/language.ts"),
  route("u/:handle", "routes/profile.tsx"),
  route("productions/new", "routes/productions.new.tsx"),
  route("p/:slug", "routes/production.tsx"),
  route("p/:slug/edit", "routes/production.edit.tsx"),
  route("p/:slug/members", "routes/production.members.tsx"),
  route("p/:slug/poster", "routes/production.poster.ts"),
  route("p/:slug/notes", "routes/production.notes.tsx"),
  route("p/:slug/notes/history", "routes/production.notes.history.tsx"),
  route("p/:slug/notes/history/:number", "routes/production.notes.version.tsx"),
  route("p/:slug/polls/:id/results.json", "routes/poll.results-json.ts"),
  route("p/:slug/polls/:id/ballots.csv", "routes/poll.ballots-csv.ts"),
] satisfies RouteConfig;

import { NextResponse } from "next/server";

/** Liveness: the server is up. It says nothing about the data sources (panels do). */
export function GET() {
  return NextResponse.json({ status: "ok" });
}

export const dynamic = "force-dynamic";

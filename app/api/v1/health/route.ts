import { NextResponse } from "next/server";
import { startupValidated } from "@/lib/startup";

/**
 * Liveness: the server is up, with its environment and catalog validated (503 until then).
 * It says nothing about the data sources (panels do).
 */
export function GET() {
  if (!startupValidated()) return NextResponse.json({ status: "starting" }, { status: 503 });
  return NextResponse.json({ status: "ok" });
}

export const dynamic = "force-dynamic";

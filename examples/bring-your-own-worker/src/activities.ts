/** The team's own side effect; a real one would upload the PDF. */
export async function publishReport(quarter: string): Promise<string> {
  console.log(`published the report for ${quarter}`);
  return new Date().toISOString();
}
